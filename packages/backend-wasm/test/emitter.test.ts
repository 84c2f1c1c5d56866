import { emitUpdateModule, KERNEL_EXPORT, MEMORY_IMPORT, type WasmBackend } from '@descent/backend-wasm';
import { compileProgram, defineUpdate, Expr, fusePipeline, type UpdateProgram } from '@descent/core';
import { ShiftAdaMax } from '@descent/shift-adamax';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBitwise, reference, rng, runOn, wasmBackend } from './helpers.js';

const adamLike = defineUpdate({
  name: 'adam-like',
  states: ['m', 'v'],
  scalars: ['stepSize', 'beta1', 'beta2', 'epsilon'],
  update: ({ param, grad, m, v }, s, { clipScale }) => {
    const m1 = s.beta1.mul(m).add(s.beta1.oneMinus().mul(grad));
    const v1 = s.beta2.mul(v).add(s.beta2.oneMinus().mul(grad.square()));
    return { m: m1, v: v1, param: param.sub(clipScale.mul(s.stepSize).mul(m1).div(v1.sqrt().add(s.epsilon))) };
  },
});
/** ShiftAdaMax's own rule (pow2Round, max, clip, three states): the largest of the six kernels. */
const shiftAdaMax = new ShiftAdaMax().rule;

const everything = { gradientClipNorm: true, gradientClipValue: true, paramClipValue: true };
const none = { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false };

/** Writes the documented call table by hand: f32 scalars, then per binding i32 count + offsets. */
function runByHand(
  program: UpdateProgram,
  bytes: Uint8Array<ArrayBuffer>,
  memory: WebAssembly.Memory,
  tensors: Float32Array[],
  scalars: number[],
  residues?: number[],
) {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { [MEMORY_IMPORT.module]: { [MEMORY_IMPORT.name]: memory } });
  const heap = new Float32Array(memory.buffer);
  const ints = new Int32Array(memory.buffer);
  const table = 64;
  let offset = 1024;
  heap.fill(1.5, offset / 4); // not 0: an update of stray elements then changes them
  const offsets = tensors.map((t, k) => {
    // Each tensor at a chosen residue modulo 16 after a 64-byte boundary, when asked.
    if (residues) offset = Math.ceil(offset / 64) * 64 + residues[k]!;
    heap.set(t, offset / 4);
    const at = offset;
    offset += t.length * 4 + 12; // odd gaps: nothing assumes 16-byte alignment
    return at;
  });
  scalars.forEach((s, i) => (heap[table / 4 + i] = s));
  const descriptor = table / 4 + program.scalars.length;
  ints[descriptor] = tensors[0]!.length;
  offsets.forEach((o, k) => (ints[descriptor + 1 + k] = o));
  const before = new Uint8Array(memory.buffer).slice();
  (instance.exports[KERNEL_EXPORT] as (table: number, bindings: number) => void)(table, 1);
  // Nothing outside the tensors may change (e.g. an f32x4 group running past a tensor's end).
  const after = new Uint8Array(memory.buffer);
  const inside = (byte: number) => offsets.some((o, k) => byte >= o && byte < o + tensors[k]!.length * 4);
  for (let byte = 1024; byte < after.length; byte++) if (after[byte] !== before[byte] && !inside(byte)) throw new Error(`byte ${byte} outside the tensors was written`);
  return offsets.map((o, k) => new Float32Array(memory.buffer, o, tensors[k]!.length).slice());
}

describe('emitUpdateModule', () => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend();
  });

  it('emits valid SIMD and scalar modules, small enough to compile synchronously on a browser main thread', () => {
    const cases = [adamLike, shiftAdaMax].flatMap((r) => [none, everything, { ...everything, skipNonFinite: true }].map((f) => [r, f] as const));
    for (const [rule, flags] of cases) {
      const program = fusePipeline(rule, flags);
      for (const simd of [true, false]) {
        const bytes = emitUpdateModule(program, { simd, sharedMemory: false });
        expect(WebAssembly.validate(bytes)).toBe(true);
        expect(bytes.byteLength).toBeLessThan(4096); // Chrome's synchronous-compile limit
      }
      const scalarOnly = emitUpdateModule(program, { simd: false, sharedMemory: false });
      expect(WebAssembly.Module.imports(new WebAssembly.Module(scalarOnly))).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      expect(WebAssembly.Module.exports(new WebAssembly.Module(scalarOnly))).toEqual([{ name: 'run', kind: 'function' }]);
    }
  });

  it('imports a shared memory (threaded tfjs builds) and computes the same values through the documented table', () => {
    const program = fusePipeline(adamLike, everything);
    const random = rng(5);
    const tensors = [0, 1, 2, 3].map(() => Float32Array.from({ length: 13 }, () => random() * 2 - 1));
    const scalars = [2, 1, 0.5, 0.9, 0.01, 0.9, 0.999, 1e-8];
    const plain = runByHand(program, emitUpdateModule(program, { simd: true, sharedMemory: false }), new WebAssembly.Memory({ initial: 1 }), tensors, scalars);
    const sharedMemory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    expect(sharedMemory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const shared = runByHand(program, emitUpdateModule(program, { simd: true, sharedMemory: true }), sharedMemory, tensors, scalars);
    const scalarKernel = runByHand(program, emitUpdateModule(program, { simd: false, sharedMemory: false }), new WebAssembly.Memory({ initial: 1 }), tensors, scalars);
    plain.forEach((values, k) => {
      expectBitwise(shared[k]!, values, `slot ${k} shared`);
      expectBitwise(scalarKernel[k]!, values, `slot ${k} scalar`);
    });
    expect(Array.from(plain[0]!)).not.toEqual(Array.from(tensors[0]!));
    // A non-shared import does not accept a shared memory, and vice versa.
    expect(() => runByHand(program, emitUpdateModule(program, { simd: true, sharedMemory: false }), sharedMemory, tensors, scalars)).toThrow();
  });

  it('gives the scalar kernel\'s bits for every length and alignment of the arrays (scalar head, f32x4 groups, tail)', () => {
    const program = fusePipeline(adamLike, everything);
    const simdBytes = emitUpdateModule(program, { simd: true, sharedMemory: false });
    const scalarBytes = emitUpdateModule(program, { simd: false, sharedMemory: false });
    const scalars = [2, 1, 0.5, 0.9, 0.01, 0.9, 0.999, 1e-8];
    // param, grad, m, v: aligned, all at 8 (a head of two), a majority at 8, a majority at 0, 4-byte residues.
    const placements = [[0, 0, 0, 0], [8, 8, 8, 8], [8, 0, 8, 8], [0, 8, 8, 0], [4, 12, 8, 0], [12, 12, 4, 4]];
    const random = rng(11);
    let checked = 0;
    for (const residues of placements) {
      for (const length of [0, 1, 2, 3, 7, 8, 9, 10, 11, 16, 17, 18, 33, 37, 64, 66]) {
        const tensors = [0, 1, 2, 3].map(() => Float32Array.from({ length }, () => random() * 2 - 1));
        const simd = runByHand(program, simdBytes, new WebAssembly.Memory({ initial: 1 }), tensors, scalars, residues);
        const scalar = runByHand(program, scalarBytes, new WebAssembly.Memory({ initial: 1 }), tensors, scalars, residues);
        simd.forEach((values, k) => expectBitwise(values, scalar[k]!, `slot ${k}, length ${length}, residues ${residues}`));
        if (length > 0) expect(Array.from(simd[0]!)).not.toEqual(Array.from(tensors[0]!));
        checked++;
      }
    }
    expect(checked).toBe(96);
  });

  it('handles programs with hundreds of nodes (multi-byte LEB128 local indices and sizes)', async () => {
    let x = Expr.of({ kind: 'tensor', name: 'param' });
    const g = Expr.of({ kind: 'tensor', name: 'grad' });
    const s = Expr.of({ kind: 'scalar', name: 'k' });
    for (let i = 0; i < 300; i++) {
      x = i % 3 === 0 ? x.mul(s).add(g.mul(i + 0.5)) : i % 3 === 1 ? x.sub(g.div(s.add(i))) : x.max(g.neg().mul(i)).min(x.abs().add(1e6));
    }
    const program = compileProgram({ name: 'long', tensors: ['param', 'grad'], readOnly: ['grad'], scalars: ['k'], outputs: { param: x } });
    expect(program.nodes.length).toBeGreaterThan(600);
    const random = rng(9);
    const data = [{ shape: [37], values: [0, 1].map(() => Float32Array.from({ length: 37 }, () => random() * 4 - 2)) }];
    const scalars = Float32Array.of(0.999);
    const expected = await reference(program, data, scalars);
    const actual = runOn(backend, program, data, scalars);
    expectBitwise(actual[0]![0]!, expected[0]![0]!, 'param');
  });
});
