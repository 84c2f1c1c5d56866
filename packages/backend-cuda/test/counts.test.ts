import type { CudaBackend } from '@descent/backend-cuda';
import { Adam } from '@descent/adam';
import {
  type Backend,
  compileProgram,
  createOpsBackend,
  Expr,
  fusePipeline,
  type Layer,
  type Optimizer,
  type ParamEntry,
  setBackend,
} from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { count } from './probe.js';
import { standInBackend } from './stand-in.js';

let cuda: CudaBackend;
beforeAll(async () => {
  cuda = await standInBackend();
});

function model(shapes: number[][]): { entries: ParamEntry[]; layers: Layer[] } {
  const entries = shapes.map((shape, i) => ({ param: tf.variable(tf.randomNormal(shape, 0, 1, 'float32', i)), grad: tf.randomNormal(shape, 0, 3, 'float32', 100 + i), states: [] }));
  return { entries, layers: entries.map((entry, i) => ({ name: `l${i}`, getParams: () => [entry] })) };
}

/** Counts of one optimizer step after `warmUp` steps, on the given Descent backend and tfjs backend. */
async function stepCounts(make: () => Optimizer, backend: Backend, tfjsBackend: string, shapes: number[][]) {
  await tf.setBackend(tfjsBackend);
  setBackend(backend);
  const { entries, layers } = model(shapes);
  const optimizer = make();
  for (let step = 0; step < 3; step++) optimizer.optimize(layers, 0);
  const counts = count(() => optimizer.optimize(layers, 0));
  optimizer.dispose();
  for (const e of entries) tf.dispose([e.param, e.grad]);
  return counts;
}

afterEach(async () => {
  await tf.setBackend('tensorflow');
});

describe('no readback in a step', () => {
  it('norm clipping (a reduction over every param) reads nothing back, step after step', async () => {
    setBackend(cuda);
    const { entries, layers } = model([[50], [7, 3], [], [4, 4, 4]]);
    const optimizer = new Adam({ learningRate: 0.01, gradientClipNorm: 0.5, gradientClipValue: 1, paramClipValue: 2 });
    const counts = count(() => {
      for (let step = 0; step < 20; step++) optimizer.optimize(layers, step);
    });
    expect(counts.reads).toBe(0);
    expect(counts.kernels).toBeGreaterThan(0); // the probe does see this backend's work
    optimizer.dispose();
    for (const e of entries) tf.dispose([e.param, e.grad]);
  });
});

describe('per-step scalars are cached on the device', () => {
  const t = (name: string) => Expr.of({ kind: 'tensor', name });
  const s = (name: string) => Expr.of({ kind: 'scalar', name });
  const program = compileProgram({
    name: 'two-scalars',
    tensors: ['param', 'grad'],
    readOnly: ['grad'],
    scalars: ['a', 'b'],
    outputs: { param: t('param').mul(s('b')).sub(s('a').mul(t('grad'))) },
  });

  it('uploads a scalar on first use and again only when its value changes', () => {
    const param = tf.variable(tf.ones([5]));
    const grad = tf.ones([5]);
    const call = (a: number, b: number) => count(() => cuda.runUpdate({ program, bindings: [[param, grad]], scalars: Float32Array.of(a, b) }));
    const before = cuda.stats.scalarUploads;
    expect(call(0.5, 0.25).uploads).toBe(2);
    expect(call(0.5, 0.25).uploads).toBe(0);
    expect(call(0.75, 0.25).uploads).toBe(1);
    expect(call(0.75, 0.5).uploads).toBe(1);
    expect(call(0.75, 0.5).uploads).toBe(0);
    expect(cuda.stats.scalarUploads - before).toBe(4); // the backend's counter agrees with the probe
    tf.dispose([param, grad]);
  });

  it('Adam uploads one scalar per step (its bias-corrected step size), the ops backend all of them', async () => {
    const make = () => new Adam({ learningRate: 0.01 });
    const mine = await stepCounts(make, cuda, 'tensorflow', [[8], [3, 3]]);
    const ops = await stepCounts(make, createOpsBackend(), 'cpu', [[8], [3, 3]]);
    expect(mine.uploads).toBe(1);
    expect(ops.uploads).toBeGreaterThan(mine.uploads);
  });

  it('GradientDescentMomentum with a constant rate uploads nothing in a step', async () => {
    const mine = await stepCounts(() => new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 }), cuda, 'tensorflow', [[8]]);
    expect(mine.uploads).toBe(0);
  });
});

describe('device ops per step', () => {
  it('uniform subexpressions cost no device op: one kernel per elementwise node and binding', () => {
    // Adam without clipping at batch size 1: every uniform node (scalars, products of
    // scalars) is on the host, and grad / 1 is skipped.
    const program = fusePipeline(new Adam().rule, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
    const elementwise = program.nodes.filter((n) => !n.uniform && n.op !== 'tensor').length;
    const bindings = (n: number) => Array.from({ length: n }, () => [tf.variable(tf.ones([6])), tf.fill([6], 0.5), tf.variable(tf.zeros([6])), tf.variable(tf.zeros([6]))]);
    const scalars = Float32Array.from(program.scalars, (name) => (name === 'pipeline.batchSize' ? 1 : 0.5));
    for (const n of [1, 2, 5]) {
      const b = bindings(n);
      const { kernels } = count(() => cuda.runUpdate({ program, bindings: b, scalars }));
      expect(kernels).toBe(n * (elementwise - 1));
      tf.dispose(b.flat());
    }
  });

  it('fewer kernels than core\'s ops backend for every step of Adam and of momentum SGD with clipping', async () => {
    for (const make of [
      () => new Adam({ learningRate: 0.01, gradientClipNorm: 1 }),
      () => new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, wdecay: 1e-4, gradientClipValue: 1 }),
    ]) {
      const shapes = [[8], [3, 3], [2]];
      const mine = await stepCounts(make, cuda, 'tensorflow', shapes);
      const ops = await stepCounts(make, createOpsBackend(), 'cpu', shapes);
      expect(mine.kernels).toBeLessThan(ops.kernels);
      expect(mine.reads).toBe(0);
    }
  });
});
