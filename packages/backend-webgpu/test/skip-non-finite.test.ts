import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import { compileProgram, ElementwiseOptimizer, Expr, type Optimizer } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import { expectSkipNonFinite, TestModel } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GpuSpy } from './conformance/spies.js';
import { useDawnBackend } from './dawn.js';

const dawn = useDawnBackend();

const OPTIMIZERS: [string, (skipNonFinite: boolean) => Optimizer][] = [
  ['GradientDescentMomentum', (skipNonFinite) => new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, gradientClipNorm: 1, skipNonFinite })],
  ['RMSProp', (skipNonFinite) => new RMSProp({ learningRate: 0.01, skipNonFinite })],
  ['Adagrad', (skipNonFinite) => new Adagrad({ learningRate: 0.1, skipNonFinite })],
  ['Adadelta', (skipNonFinite) => new Adadelta({ skipNonFinite })],
  ['Adam', (skipNonFinite) => new Adam({ learningRate: 0.01, gradientClipNorm: 1, skipNonFinite })],
  ['ShiftAdaMax', (skipNonFinite) => new ShiftAdaMax({ learningRate: 0.01, skipNonFinite })],
];

describe('skipNonFinite on WebGPU (Dawn)', () => {
  for (const [name, make] of OPTIMIZERS) {
    for (const [k, bad] of [[4, Number.NaN], [1, -Infinity]] as const) {
      it(`${name}: a ${bad} at entry ${k} of 5 writes nothing and is counted; finite steps are bit-identical to skipNonFinite off`, async () => {
        await expectSkipNonFinite({ make, skipped: (o) => (o as ElementwiseOptimizer).skippedSteps, k, bad });
      });
    }
  }

  it('decides on the GPU: a skipped step reads nothing back and submits one command buffer', async () => {
    const model = new TestModel([[300], [7]], [new Array(300).fill(0.5), new Array(7).fill(0.5)]);
    const adam = new Adam({ skipNonFinite: true, gradientClipNorm: 1 });
    const spy = new GpuSpy();
    try {
      model.setGrads([new Array(300).fill(0.1), new Array(7).fill(0.1)]);
      adam.optimize(model.layers, 0);
      const poisoned = new Array(300).fill(0.1);
      poisoned[299] = Number.NaN;
      model.setGrads([poisoned, new Array(7).fill(0.1)]);
      await Promise.all(model.grads.map((g) => g.data())); // settle the uploads before counting
      spy.reset();
      adam.optimize(model.layers, 0);
      expect(spy.counts.readbacks).toBe(0);
      expect(spy.counts.submits).toBe(1);
      expect(await adam.skippedSteps).toBe(1);
      expect(Array.from(await model.params[0]!.data()).every((v) => Number.isFinite(v))).toBe(true);
    } finally {
      spy.restore();
      adam.dispose();
      model.dispose();
    }
  });

  it('a guard on a per-step scalar: the kernel is a no-op exactly when the guard is 0, and the count follows', async () => {
    const program = compileProgram({
      name: 'scalar-guard', tensors: ['param', 'grad'], readOnly: ['grad'], scalars: ['go'],
      outputs: { param: Expr.of({ kind: 'tensor', name: 'param' }).add(Expr.of({ kind: 'tensor', name: 'grad' })) },
      guard: Expr.of({ kind: 'scalar', name: 'go' }),
    });
    const param = tf.variable(tf.zeros([5]));
    const grad = tf.ones([5]);
    const counter = tf.tidy(() => tf.variable(tf.scalar(0), false));
    try {
      for (const go of [1, 0, -0, 2, 0]) dawn().runUpdate({ program, bindings: [[param, grad]], scalars: Float32Array.of(go), skipCounter: counter });
      expect(Array.from(await param.data())).toEqual([2, 2, 2, 2, 2]);
      expect((await counter.data())[0]).toBe(3);
    } finally {
      tf.dispose([param, grad, counter]);
    }
  });

  it('select on a per-element condition picks values bit for bit; allFinite spans every binding of the call', async () => {
    const t = (name: string) => Expr.of({ kind: 'tensor', name });
    // param = select(c, a, param) + allFinite(a) * 0.5 : a non-finite a anywhere turns the bonus off.
    const program = compileProgram({
      name: 'select', tensors: ['param', 'grad', 'c', 'a'], readOnly: ['grad', 'c', 'a'], scalars: [],
      outputs: { param: Expr.select(t('c'), t('a'), t('param')).add(Expr.allFinite('a').mul(0.5)) },
    });
    const run = async (second: number[]) => {
      const tensors = [
        [tf.variable(tf.tensor([10, 20, 30, 40])), tf.zeros([4]), tf.tensor([1, 0, -0, -2]), tf.tensor([1.25, 2, 3, -0.1])],
        [tf.variable(tf.tensor([7, 8])), tf.zeros([2]), tf.tensor([1, 1]), tf.tensor(second)],
      ];
      try {
        dawn().runUpdate({ program, bindings: tensors, scalars: new Float32Array(0) });
        return await Promise.all(tensors.map((b) => b[0]!.data()));
      } finally {
        tf.dispose(tensors.flat());
      }
    };
    const finite = await run([5, 6]);
    expect(Array.from(finite[0]!)).toEqual([1.75, 20.5, 30.5, Math.fround(Math.fround(-0.1) + 0.5)]);
    expect(Array.from(finite[1]!)).toEqual([5.5, 6.5]);
    const poisoned = await run([5, Infinity]);
    expect(Array.from(poisoned[0]!)).toEqual([1.25, 20, 30, Math.fround(-0.1)]);
    expect(Array.from(poisoned[1]!)).toEqual([5, Infinity]);
  });
});
