import type { CudaBackend } from '@descent/backend-cuda';
import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import { ExpSchedule, fusePipeline, type Layer, type Optimizer, type ParamEntry, setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { standInBackend } from './stand-in.js';

const CLIP = { gradientClipNorm: 1, gradientClipValue: 0.5, paramClipValue: 5 };
const OPTIMIZERS: readonly [string, () => Optimizer][] = [
  ['GradientDescentMomentum', () => new GradientDescentMomentum({ learningRate: 0.01, momentumCoef: 0.9, nesterov: true, ...CLIP, schedule: new ExpSchedule({ decay: 0.01 }) })],
  ['RMSProp', () => new RMSProp({ learningRate: 0.001, ...CLIP })],
  ['Adagrad', () => new Adagrad({ learningRate: 0.01, ...CLIP })],
  ['Adadelta', () => new Adadelta({ paramClipValue: 5 })],
  ['Adam', () => new Adam({ learningRate: 0.001, ...CLIP })],
  ['ShiftAdaMax', () => new ShiftAdaMax({ learningRate: 0.001 })],
];

let cuda: CudaBackend;
beforeAll(async () => {
  cuda = await standInBackend({ batchSize: 2 });
  setBackend(cuda);
});

for (const [name, make] of OPTIMIZERS) {
  it(`${name}: 1,000 steps leave no tensor behind and keep params and states in place`, () => {
    const entries: ParamEntry[] = [[3], [17], [], [4, 4]].map((shape, i) => ({
      param: tf.variable(tf.randomNormal(shape, 0, 1, 'float32', i)),
      grad: tf.randomNormal(shape, 0, 1, 'float32', 10 + i),
      states: [],
    }));
    const layers: Layer[] = entries.map((entry, i) => ({ name: `l${i}`, getParams: () => [entry] }));
    const optimizer = make();
    const initial = entries[1]!.param.dataSync().slice();
    optimizer.optimize(layers, 0); // first step: states and cached scalars created

    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    const objects = entries.map((e) => [e.param, ...e.states]);
    for (let step = 1; step <= 1000; step++) optimizer.optimize(layers, Math.floor(step / 100));

    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.memory().numBytes).toBe(bytes);
    // In place: the same Variable objects, updated by assign (tfjs gives them new data each step).
    entries.forEach((e, i) => [e.param, ...e.states].forEach((t, k) => expect(t).toBe(objects[i]![k])));
    // It really trained: params moved against their gradients.
    const moved = entries[1]!.param.dataSync() as Float32Array;
    const grad = entries[1]!.grad.dataSync() as Float32Array;
    const along = moved.reduce((sum, v, i) => sum + (v - initial[i]!) * grad[i]!, 0);
    expect(along).toBeLessThan(0);
    optimizer.dispose();
    for (const e of entries) tf.dispose([e.param, e.grad]);
  });
}

it('disposing the backend frees its cached scalars', async () => {
  const backend = await standInBackend();
  setBackend(backend);
  const entry = { param: tf.variable(tf.ones([4])), grad: tf.ones([4]), states: [] };
  const optimizer = new Adam();
  const before = tf.memory().numTensors;
  optimizer.optimize([{ name: 'l', getParams: () => [entry] }], 0);
  optimizer.dispose(); // its two states
  expect(tf.memory().numTensors).toBeGreaterThan(before); // the cached scalars remain...
  backend.dispose();
  expect(tf.memory().numTensors).toBe(before); // ...until the backend is disposed
  const program = fusePipeline(optimizer.rule, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
  expect(() => backend.runUpdate({ program, bindings: [[entry.param, entry.grad, ...entry.states]], scalars: new Float32Array(program.scalars.length) })).toThrow(
    /backend-cuda: this backend was disposed/,
  );
  tf.dispose([entry.param, entry.grad]);
  setBackend(cuda);
});
