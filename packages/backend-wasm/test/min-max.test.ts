import type { WasmBackend } from '@descent/backend-wasm';
import { type BinaryOp, compileProgram, Expr } from '@descent/core';
import { beforeAll, describe, it } from 'vitest';
import { expectBitwise, reference, runOn, wasmBackend } from './helpers.js';

/**
 * min and max have Math.min/max semantics (NaN if either is NaN, -0 < +0). The SIMD loop
 * builds them from f32x4.pmin/pmax (see emitVectorMinMax), with a single pmin/pmax against a
 * constant that is neither NaN nor the zero that wins a tie; these cases pin every corner:
 * every ordered pair of special values, and every special value as a constant on either side.
 */
const SPECIAL = [0, -0, Number.NaN, Infinity, -Infinity, 1, -1, 1e-30, -1e-30, 3e38, -3e38, 0.5];

/** Every ordered pair (a, b) of SPECIAL, as two arrays (plus a few elements for the scalar tail). */
function pairs(): [Float32Array, Float32Array] {
  const a: number[] = [];
  const b: number[] = [];
  for (const x of SPECIAL) for (const y of SPECIAL) a.push(x), b.push(y);
  a.push(-0, Number.NaN, 0);
  b.push(0, 1, -0);
  return [Float32Array.from(a), Float32Array.from(b)];
}

function program(op: BinaryOp, form: 'tensors' | 'const-right' | 'const-left', c = 0) {
  const param = Expr.of({ kind: 'tensor', name: 'param' });
  const grad = Expr.of({ kind: 'tensor', name: 'grad' });
  const constant = Expr.constant(c);
  const lhs = form === 'const-left' ? constant : param;
  const rhs = form === 'tensors' ? grad : form === 'const-right' ? constant : param;
  const value = Expr.of({ kind: 'binary', op, lhs: lhs.node, rhs: rhs.node });
  return compileProgram({ name: `${op}-${form}`, tensors: ['param', 'grad'], readOnly: ['grad'], scalars: [], outputs: { param: value } });
}

describe.each([true, false])('min and max match the evaluator on every special pair (simd %s)', (simd) => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend({ simd });
  });

  it.each(['min', 'max'] as const)('%s of two tensors', async (op) => {
    const [a, b] = pairs();
    const p = program(op, 'tensors');
    const data = [{ shape: [a.length], values: [a, b] }];
    const expected = await reference(p, data, new Float32Array(0));
    expectBitwise(runOn(backend, p, data, new Float32Array(0))[0]![0]!, expected[0]![0]!, `${op}(a, b)`);
  });

  it.each(['min', 'max'] as const)('%s of a tensor and each special constant, on either side', async (op) => {
    const [a, b] = pairs();
    for (const c of SPECIAL) {
      for (const form of ['const-right', 'const-left'] as const) {
        const p = program(op, form, c);
        const data = [{ shape: [a.length], values: [a, b] }];
        const expected = await reference(p, data, new Float32Array(0));
        expectBitwise(runOn(backend, p, data, new Float32Array(0))[0]![0]!, expected[0]![0]!, `${op} ${form} c=${Object.is(c, -0) ? '-0' : c}`);
      }
    }
  });
});
