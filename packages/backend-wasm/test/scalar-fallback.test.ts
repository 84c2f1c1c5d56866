import { beforeAll, describe, expect, it, vi } from 'vitest';
import { expectBitwise, reference, runOn, wasmBackend } from './helpers.js';
import { bindingData, buildProgram } from './random-programs.js';

/** This file runs in its own module graph: SIMD detection sees the patched validate first. */
describe('when WebAssembly SIMD is unavailable', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const realValidate = WebAssembly.validate;
  beforeAll(() => {
    // An engine without SIMD rejects any module that uses a 0xfd-prefixed instruction.
    WebAssembly.validate = (bytes: BufferSource) => {
      const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes as ArrayBuffer);
      return view.includes(0xfd) ? false : realValidate(bytes);
    };
  });

  it('does not warn when scalar kernels were asked for', async () => {
    const backend = await wasmBackend({ simd: false });
    expect(backend.simd).toBe(false);
    expect(warn).not.toHaveBeenCalled(); // asked for: nothing to warn about
  });

  it('uses scalar kernels, says so once, and still agrees with the evaluator', async () => {
    const first = await wasmBackend();
    const second = await wasmBackend();
    expect(first.simd).toBe(false);
    expect(second.simd).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/SIMD is not supported.*scalar/);

    const program = buildProgram({
      states: 2,
      scalars: 2,
      constants: [0.5, -2],
      reduced: [1],
      ops: ['add', 'mul', 'pow2Round', 'max', 'sqrt', 'div', 'sign', 'min', 'sub', 'abs', 'neg'].map((op, i) => ({ op: op as never, a: i * 3 + 1, b: i * 5 + 2 })),
      outputs: [0, 1, 2],
    });
    const data = bindingData(program, [[1023], [], [5]], 11, 'exact-squares');
    const scalars = Float32Array.of(0.25, 3);
    const expected = await reference(program, data, scalars);
    const actual = runOn(first, program, data, scalars);
    expected.forEach((slots, b) => slots.forEach((e, k) => expectBitwise(actual[b]![k]!, e, `binding ${b} slot ${k}`)));
    expect(first.stats.kernelCalls).toBe(1);
  });

});
