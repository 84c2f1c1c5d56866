import type { CudaBackend } from '@descent/backend-cuda';
import { compileProgram, Expr, type UpdateProgram } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBitwise, expectBitwiseAgreement } from './helpers.js';
import { standInBackend } from './stand-in.js';

const t = (name: string) => Expr.of({ kind: 'tensor', name });
const s = (name: string) => Expr.of({ kind: 'scalar', name });

function program(outputs: Record<string, Expr>, scalars: string[] = []): UpdateProgram {
  return compileProgram({ name: 'edge', tensors: ['param', 'grad', 'a', 'b'], readOnly: ['grad'], scalars, outputs });
}

const data = [
  { shape: [3], values: [Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6), Float32Array.of(7, 8, 9), Float32Array.of(-1, -0, 0)] },
  { shape: [], values: [Float32Array.of(10), Float32Array.of(20), Float32Array.of(30), Float32Array.of(40)] },
];

let backend: CudaBackend;
beforeAll(async () => {
  backend = await standInBackend();
});

async function check(p: UpdateProgram, scalars: number[] = []): Promise<Float32Array[][]> {
  const values = Float32Array.from(scalars);
  return expectBitwiseAgreement(backend, p, data, values);
}

describe('outputs that are bare tensors of the same call', () => {
  it('a swap of two written slots reads both old values', async () => {
    const actual = await check(program({ param: t('a'), a: t('param'), b: t('b') }));
    expectBitwise(actual[0]![0]!, Float32Array.of(7, 8, 9), 'param takes a');
    expectBitwise(actual[0]![2]!, Float32Array.of(1, 2, 3), 'a takes param');
  });

  it('a slot that keeps its value, and one that takes the (read-only) gradient', async () => {
    await check(program({ param: t('grad'), a: t('a'), b: t('b').add(1) }));
  });

  it('a rotation through three written slots', async () => {
    await check(program({ param: t('b'), a: t('param'), b: t('a') }));
  });
});

describe('uniform outputs are written to every element', () => {
  it('from the host (a per-step scalar) and from the device (a sum of squares)', async () => {
    const norm = Expr.of({ kind: 'sumOfSquares', name: 'grad' });
    await check(program({ param: s('x').mul(2), a: norm, b: norm.add(s('x')) }, ['x']), [0.5]);
  });
});

describe('skipped identities keep IEEE semantics', () => {
  const p = program({ param: t('param').mul(s('one')), a: t('a').div(s('one')).add(s('negZero')), b: t('b').sub(s('zero')) }, ['one', 'negZero', 'zero']);

  it('x*1, x/1, x+(-0), x-0 with signed zeros in the data', async () => {
    await check(p, [1, -0, 0]);
  });

  it('not skipped for +0 added or -0 subtracted (-0 + 0 is +0)', async () => {
    const q = program({ param: t('param'), a: t('a'), b: t('b').add(s('zero')).sub(s('negZero')) }, ['zero', 'negZero']);
    const actual = await check(q, [0, -0]);
    expect(Object.is(actual[0]![3]![1], 0)).toBe(true); // -0 + 0 = +0, and +0 - (-0) = +0
  });

  it('no device op runs for an identity', async () => {
    const engine = tf.engine() as unknown as { runKernel: (...a: unknown[]) => unknown };
    const original = engine.runKernel;
    let kernels = 0;
    engine.runKernel = function (this: unknown, ...args: unknown[]) {
      kernels++;
      return original.apply(this, args);
    };
    try {
      const param = tf.variable(tf.tensor([1, 2, 3]));
      const grad = tf.zeros([3]);
      const [a, b] = [tf.variable(tf.ones([3])), tf.variable(tf.ones([3]))];
      const before = kernels;
      backend.runUpdate({ program: p, bindings: [[param, grad, a, b]], scalars: Float32Array.of(1, -0, 0) });
      // Nothing to compute: every output is its own slot, so nothing is assigned either.
      expect(kernels - before).toBe(0);
      tf.dispose([param, grad, a, b]);
    } finally {
      engine.runKernel = original;
    }
  });
});
