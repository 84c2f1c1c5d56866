import { BackendError, defineUpdate, fusePipeline } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

const rule = defineUpdate({
  name: 'sgd',
  states: [],
  scalars: ['rate'],
  update: ({ param, grad }, s) => ({ param: param.sub(s.rate.mul(grad)) }),
});
const program = fusePipeline(rule, { gradientClipNorm: true, gradientClipValue: false, paramClipValue: false });
const scalars = Float32Array.of(1, 100, 0.5);

it('follows tfjs when its wasm backend is removed and created again (a new heap)', async () => {
  const backend = await wasmBackend();
  const run = () => {
    const p = tf.tidy(() => tf.variable(tf.tensor([1, 2, 3])));
    const g = tf.tensor([2, 2, 2]);
    try {
      backend.runUpdate({ program, bindings: [[p, g]], scalars });
      return Array.from(p.dataSync());
    } finally {
      tf.dispose([p, g]);
    }
  };
  expect(run()).toEqual([0, 1, 2]);
  const oldMemory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;

  const registered = (tf.engine() as unknown as { registryFactory: Record<string, { factory: () => tf.KernelBackend; priority: number }> })
    .registryFactory.wasm!;
  tf.removeBackend('wasm');
  expect(() => run()).toThrow(BackendError); // no wasm backend at all: a typed error, not a crash
  tf.registerBackend('wasm', registered.factory, registered.priority);
  expect(await tf.setBackend('wasm')).toBe(true);
  const newMemory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
  expect(newMemory).not.toBe(oldMemory);

  expect(run()).toEqual([0, 1, 2]);
  expect(run()).toEqual([0, 1, 2]);
  expect(backend.stats).toMatchObject({ compiles: 2, kernelCalls: 3 });
  backend.dispose();
});

it('wraps two methods of the tfjs wasm instance while bound, and removes them on dispose', async () => {
  const backend = await wasmBackend();
  const tfjs = tf.engine().findBackend('wasm') as unknown as object;
  const own = () => ['disposeData', 'incRef'].filter((name) => Object.prototype.hasOwnProperty.call(tfjs, name));
  expect(own()).toEqual([]); // bound lazily, at the first call
  const p = tf.tidy(() => tf.variable(tf.tensor([1, 2, 3])));
  const g = tf.tensor([2, 2, 2]);
  backend.runUpdate({ program, bindings: [[p, g]], scalars });
  expect(own()).toEqual(['disposeData', 'incRef']);
  backend.dispose();
  expect(own()).toEqual([]);
  // tfjs still frees and shares data through its own methods.
  const view = tf.reshape(p, [3]);
  tf.dispose([p, g]);
  expect(Array.from(view.dataSync())).toEqual([0, 1, 2]);
  view.dispose();
});
