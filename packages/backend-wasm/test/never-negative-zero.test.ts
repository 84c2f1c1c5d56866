import type { WasmBackend } from '@descent/backend-wasm';
import { compileProgram, Expr } from '@descent/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { neverNegativeZero } from '../src/codegen/value-facts.js';
import { expectBitwise, reference, runOn, wasmBackend } from './helpers.js';

/**
 * `max(x, y)` where y is never -0 takes a shorter SIMD sequence (see emitVectorMinMax), which
 * relies on neverNegativeZero being right for every input. These pin the fact's rules, and run
 * every ordered triple of special values through maxima whose operands are proven never -0 in
 * each way the rules allow, against the evaluator bit for bit.
 */
const SPECIAL = [0, -0, Number.NaN, -Number.NaN, Infinity, -Infinity, 1, -1, 1e-40, -1e-40, 3e38, -3e38, 0.5];

const tensor = (name: string): Expr => Expr.of({ kind: 'tensor', name });
const [a, b, c] = [tensor('param'), tensor('grad'), tensor('s')];

function program(output: Expr) {
  return compileProgram({ name: 'nnz', tensors: ['param', 'grad', 's'], readOnly: ['grad', 's'], scalars: [], outputs: { param: output } });
}

/** Every ordered triple of SPECIAL as three arrays, plus two elements for the scalar tail. */
function triples(): [Float32Array, Float32Array, Float32Array] {
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (const p of SPECIAL) for (const q of SPECIAL) for (const r of SPECIAL) x.push(p), y.push(q), z.push(r);
  x.push(-0, Number.NaN);
  y.push(-0, 0);
  z.push(0, -0);
  return [Float32Array.from(x), Float32Array.from(y), Float32Array.from(z)];
}

describe('neverNegativeZero', () => {
  const factOf = (e: Expr): boolean => {
    const p = program(e);
    return neverNegativeZero(p)[p.outputs[0]!.node]!;
  };

  it('knows abs, pow2Round and constants other than -0', () => {
    expect(factOf(b.abs())).toBe(true);
    expect(factOf(b.pow2Round())).toBe(true);
    expect(factOf(a.mul(0).add(Expr.constant(2)))).toBe(true);
    expect(factOf(a.mul(0).add(Expr.constant(-0)))).toBe(false);
  });

  it('follows add, sub, max, min, sqrt and select', () => {
    expect(factOf(a.add(b.abs()))).toBe(true);
    expect(factOf(b.abs().add(a))).toBe(true);
    expect(factOf(b.abs().sub(a))).toBe(true);
    expect(factOf(a.sub(b.abs()))).toBe(false);
    expect(factOf(a.max(b.abs()))).toBe(true);
    expect(factOf(a.min(b.abs()))).toBe(false);
    expect(factOf(c.abs().min(b.abs()))).toBe(true);
    expect(factOf(b.abs().sqrt())).toBe(true);
    expect(factOf(b.sqrt())).toBe(false);
    expect(factOf(Expr.select(a, b.abs(), c.abs()))).toBe(true);
    expect(factOf(Expr.select(a, b.abs(), c))).toBe(false);
  });

  it('assumes nothing of tensors, products, quotients, negations and signs', () => {
    for (const e of [a, a.mul(b.abs()), b.abs().div(a), b.abs().neg(), b.abs().sign(), b.abs().mul(b.abs())]) {
      expect(factOf(e)).toBe(false);
    }
  });
});

describe.each([true, false])('max with an operand that is never -0 matches the evaluator (simd %s)', (simd) => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend({ simd });
  });

  const cases: [string, Expr][] = [
    ['max(a*b, |c|)', a.mul(b).max(c.abs())],
    ['max(|c|, a*b)', c.abs().max(a.mul(b))],
    ['max(a, b + |c|)', a.max(b.add(c.abs()))],
    ['max(|b| - c, a)', b.abs().sub(c).max(a)],
    ['max(a, sqrt(|b|) )', a.max(b.abs().sqrt())],
    ['max(a, pow2Round(b))', a.max(b.pow2Round())],
    ['max(a, max(b, |c|))', a.max(b.max(c.abs()))],
    ['max(min(|b|, |c|), a)', b.abs().min(c.abs()).max(a)],
    ['max(a, select(b, |c|, 2))', a.max(Expr.select(b, c.abs(), Expr.constant(2)))],
    ['max(|a|, |b|)', a.abs().max(b.abs())],
  ];
  it.each(cases)('%s over every triple of special values', async (what, e) => {
    const [x, y, z] = triples();
    const p = program(e);
    const data = [{ shape: [x.length], values: [x, y, z] }];
    const expected = await reference(p, data, new Float32Array(0));
    expectBitwise(runOn(backend, p, data, new Float32Array(0))[0]![0]!, expected[0]![0]!, what);
  });
});
