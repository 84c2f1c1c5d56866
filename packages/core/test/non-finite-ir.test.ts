import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { compileProgram, evaluateProgramOps, evaluateUpdateOps, Expr, InvalidUpdateError } from '@descent/core';
import { beforeAll, describe, expect, it } from 'vitest';

const t = (name: string) => Expr.of({ kind: 'tensor', name });
const s = (name: string) => Expr.of({ kind: 'scalar', name });
const bitsOf = (x: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(x.dataSync()).buffer));

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('IR: select and allFinite', () => {
  it('Expr.select folds a constant condition and an identical pair', () => {
    const a = t('a');
    expect(Expr.select(1, a, t('b'))).toBe(a);
    expect(Expr.select(0, t('b'), a)).toBe(a);
    expect(Expr.select(Number.NaN, a, t('b'))).toBe(a); // NaN counts as nonzero
    expect(Expr.select(s('c'), a, a)).toBe(a);
    expect(Expr.select(s('c'), a, t('b')).node.kind).toBe('select');
  });

  it('compiles allFinite as a uniform reduction listed in finiteChecks, and a guard that wraps every output', () => {
    const program = compileProgram({
      name: 'guarded', tensors: ['param', 'grad', 'm'], readOnly: ['grad'], scalars: ['lr'],
      outputs: { param: t('param').sub(s('lr').mul(t('m'))), m: t('m').add(t('grad')) },
      guard: Expr.allFinite('grad'),
    });
    expect(program.finiteChecks).toEqual([1]);
    expect(program.guard).toBeDefined();
    expect(program.nodes[program.guard!]).toEqual({ op: 'allFinite', slot: 1, uniform: true });
    for (const output of program.outputs) {
      const node = program.nodes[output.node]!;
      expect(node.op).toBe('select');
      const [cond, , old] = (node as { args: readonly number[] }).args;
      expect(cond).toBe(program.guard);
      expect(program.nodes[old!]).toEqual({ op: 'tensor', slot: output.slot, uniform: false });
    }
    const unguarded = compileProgram({ name: 'u', tensors: ['param', 'grad'], readOnly: ['grad'], scalars: [], outputs: { param: t('param').add(t('grad')) } });
    expect(unguarded.guard).toBeUndefined();
    expect(unguarded.finiteChecks).toEqual([]);
    expect(unguarded.key).not.toMatch(/G/);
  });

  it('rejects a guard that depends on tensor elements', () => {
    expect(() => compileProgram({ name: 'g', tensors: ['param', 'grad'], readOnly: ['grad'], scalars: [], outputs: { param: t('param') }, guard: t('grad') }))
      .toThrow(InvalidUpdateError);
  });

  it('the evaluator: select picks values bit for bit (NaN selects the first, -0 the second)', () => {
    const program = compileProgram({
      name: 'sel', tensors: ['param', 'c', 'a', 'b'], readOnly: ['c', 'a', 'b'], scalars: [],
      outputs: { param: Expr.select(t('c'), t('a'), t('b')) },
    });
    tf.tidy(() => {
      const c = tf.tensor([1, 0, -0, Number.NaN, -2]);
      const a = tf.tensor([-0, 1.5, 2.5, 3.5, Number.MIN_VALUE]);
      const b = tf.tensor([7, 8, 9, 10, 11]);
      const out = evaluateProgramOps(program, [[tf.zeros([5]), c, a, b]], new Float32Array(0))[0]![0]!;
      expect(bitsOf(out)).toEqual(bitsOf(tf.tensor([-0, 8, 9, 3.5, Number.MIN_VALUE])));
    });
  });

  it('allFinite over several bindings: one NaN or ±Infinity anywhere gives 0', () => {
    const program = compileProgram({ name: 'f', tensors: ['param', 'grad'], readOnly: ['grad'], scalars: [], outputs: { param: t('param') }, guard: Expr.allFinite('grad') });
    const guardOf = (grads: number[][]) =>
      tf.tidy(() => evaluateUpdateOps(program, grads.map((g) => [tf.zeros([g.length]), tf.tensor(g)]), new Float32Array(0)).guard!.dataSync()[0]);
    expect(guardOf([[1, 2], [3e38, -3e38, 0]])).toBe(1);
    expect(guardOf([[1, 2], [3, Number.NaN, 0]])).toBe(0);
    expect(guardOf([[Infinity], [0]])).toBe(0);
    expect(guardOf([[1], [-Infinity]])).toBe(0);
    expect(guardOf([[]])).toBe(1);
    expect(tf.tidy(() => evaluateUpdateOps(program, [], new Float32Array(0)).guard!.dataSync()[0])).toBe(1);
  });
});
