import { defineUpdate, fusePipeline } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

/**
 * Chrome refuses synchronous compilation of modules over 4 KB on the main thread with a
 * RangeError. The backend then compiles in the background and runs those steps as tfjs ops.
 */
const RealModule = WebAssembly.Module;
beforeAll(() => {
  (WebAssembly as { Module: unknown }).Module = function MainThreadModule(bytes: BufferSource) {
    if ((bytes as Uint8Array).byteLength > 512) throw new RangeError('WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB.');
    return new RealModule(bytes);
  };
});
afterAll(() => {
  (WebAssembly as { Module: unknown }).Module = RealModule;
});

const rule = defineUpdate({
  name: 'adam-like',
  states: ['m', 'v'],
  scalars: ['stepSize', 'beta1', 'beta2', 'epsilon'],
  update: ({ param, grad, m, v }, s, { clipScale }) => {
    const m1 = s.beta1.mul(m).add(s.beta1.oneMinus().mul(grad));
    const v1 = s.beta2.mul(v).add(s.beta2.oneMinus().mul(grad.square()));
    return { m: m1, v: v1, param: param.sub(clipScale.mul(s.stepSize).mul(m1).div(v1.sqrt().add(s.epsilon))) };
  },
});

it('runs steps as tfjs ops while a large kernel compiles asynchronously, then switches to the kernel', async () => {
  const backend = await wasmBackend();
  const program = fusePipeline(rule, { gradientClipNorm: true, gradientClipValue: true, paramClipValue: true });
  const make = () => [tf.variable(tf.ones([9])), tf.fill([9], 0.5), tf.variable(tf.zeros([9])), tf.variable(tf.zeros([9]))];
  const viaOps = make();
  const viaKernel = make();
  const scalars = Float32Array.of(1, 10, 1, 1, 0.01, 0.9, 0.999, 1e-8);

  backend.runUpdate({ program, bindings: [viaOps], scalars });
  expect(backend.stats).toMatchObject({ compiles: 1, fallbackCalls: 1, kernelCalls: 0 });
  await backend.ready();
  backend.runUpdate({ program, bindings: [viaKernel], scalars });
  expect(backend.stats).toMatchObject({ compiles: 1, fallbackCalls: 1, kernelCalls: 1 });
  viaOps.forEach((t, k) => expect(Array.from(viaKernel[k]!.dataSync())).toEqual(Array.from(t.dataSync())));
  expect(viaKernel[0]!.dataSync()[0]).toBeLessThan(1);
  tf.dispose([...viaOps, ...viaKernel]);
  backend.dispose();
});
