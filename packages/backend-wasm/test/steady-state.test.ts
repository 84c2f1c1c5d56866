import type { Layer, ParamEntry } from '@descent/core';
import { setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

it('runs 10,000 steps without growing tensors, the wasm heap, or the kernel cache', async () => {
  const backend = await wasmBackend();
  setBackend(backend);
  const entries: ParamEntry[] = [[3], [17], [], [4, 4]].map((shape) => ({
    param: tf.variable(tf.ones(shape)), // shares data with a temporary: copied once on the first step
    grad: tf.fill(shape, 0.01),
    states: [],
  }));
  const layers: Layer[] = entries.map((entry, i) => ({ name: `l${i}`, getParams: () => [entry] }));
  const optimizer = new GradientDescentMomentum({ learningRate: 0.01, momentumCoef: 0.9, gradientClipNorm: 1, paramClipValue: 5 });
  optimizer.optimize(layers, 0); // first step: states created, shared data copied, kernel compiled

  const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
  const tensors = tf.memory().numTensors;
  const bytes = tf.memory().numBytes;
  const heapBytes = memory.buffer.byteLength;
  const ids = entries.map((e) => [e.param.dataId, ...e.states.map((s) => s.dataId)]);
  const before = backend.stats;

  for (let step = 1; step <= 10_000; step++) optimizer.optimize(layers, Math.floor(step / 1000));

  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.memory().numBytes).toBe(bytes);
  expect(memory.buffer.byteLength).toBe(heapBytes);
  expect(entries.map((e) => [e.param.dataId, ...e.states.map((s) => s.dataId)])).toEqual(ids);
  expect(backend.stats).toMatchObject({
    compiles: before.compiles,
    kernelCalls: before.kernelCalls + 10_000,
    copiesOnWrite: before.copiesOnWrite,
    fallbackCalls: 0,
  });
  // It really trained: the params moved towards -grad.
  expect(entries[1]!.param.dataSync()[0]).toBeLessThan(1);
  optimizer.dispose();
  for (const e of entries) tf.dispose([e.param, e.grad]);
  backend.dispose();
});
