import type { Optimizer } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { randomValues, seeded, sizeOf } from './seeded.js';
import { TestModel } from './test-model.js';

/** Settings of {@link expectSteadyState}. */
export interface SteadyStateOptions {
  /** Optimizer calls after the warm-up call (e.g. 10,000). */
  readonly steps: number;
  /** Parameter shapes of the model (default `[[5], [2, 3]]`: small, so a long run takes seconds). */
  readonly shapes?: readonly (readonly number[])[];
  /** Optimizer calls per epoch, so schedules and per-epoch scalars change during the run (default 1000). */
  readonly stepsPerEpoch?: number;
  /** New gradients every this many calls (default 500); the assign allocates nothing that stays. */
  readonly gradientEvery?: number;
  /**
   * Extra numbers that must not grow, read before and after the run, e.g. the byte length of
   * tfjs-backend-wasm's `WebAssembly.Memory`, or a backend's count of compiled kernels.
   */
  readonly probes?: Readonly<Record<string, () => number>>;
}

/** What {@link expectSteadyState} measured. */
export interface SteadyStateReport {
  /** `tf.memory()` and the probes after the warm-up call. */
  readonly before: Readonly<Record<string, number>>;
  /** The same after the run. */
  readonly after: Readonly<Record<string, number>>;
  /** How many parameter elements changed during the run (the optimizer really trained). */
  readonly changedElements: number;
}

function measure(probes: Readonly<Record<string, () => number>>): Record<string, number> {
  const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number };
  const numbers: Record<string, number> = { numTensors: memory.numTensors, numDataBuffers: memory.numDataBuffers, numBytes: memory.numBytes };
  if (typeof memory.numBytesInGPU === 'number') numbers.numBytesInGPU = memory.numBytesInGPU;
  if (typeof memory.numBytesInGPUAllocated === 'number') numbers.numBytesInGPUAllocated = memory.numBytesInGPUAllocated;
  for (const [name, probe] of Object.entries(probes)) numbers[name] = probe();
  return numbers;
}

/**
 * Runs `optimizer` for one warm-up call (states created, kernels compiled) and then `steps`
 * calls on a small model on the active tfjs and Descent backends, and asserts that
 * `tf.memory()` (tensors, data buffers, bytes, and GPU bytes where the backend reports them)
 * and every probe are exactly the same after the run as after the warm-up, that the params
 * changed and stayed finite. Then disposes the optimizer and asserts that this freed every
 * state tensor it created: the tensor count is back to the model's own.
 */
export async function expectSteadyState(optimizer: Optimizer, options: SteadyStateOptions): Promise<SteadyStateReport> {
  const { steps, shapes = [[5], [2, 3]], stepsPerEpoch = 1000, gradientEvery = 500, probes = {} } = options;
  const next = seeded(steps + shapes.length);
  const grads = () => shapes.map((shape) => randomValues(next, sizeOf(shape), 0.5));
  const model = new TestModel(shapes, shapes.map((shape) => randomValues(next, sizeOf(shape), 0.5)));
  try {
    const modelTensors = tf.memory().numTensors;
    model.setGrads(grads());
    optimizer.optimize(model.layers, 0);
    const initial = (await Promise.all(model.params.map((p) => p.data()))).map((values) => Float32Array.from(values));
    const before = measure(probes);
    for (let k = 1; k <= steps; k++) {
      if (k % gradientEvery === 0) model.setGrads(grads());
      optimizer.optimize(model.layers, Math.floor(k / stepsPerEpoch));
    }
    const after = measure(probes);
    expect(after, `after ${steps} steps`).toEqual(before);
    const final = await Promise.all(model.params.map((p) => p.data()));
    let changedElements = 0;
    final.forEach((values, i) =>
      values.forEach((v, j) => {
        expect(Number.isFinite(v), `param ${i}[${j}] = ${v}`).toBe(true);
        if (v !== initial[i]![j]) changedElements++;
      }),
    );
    expect(changedElements, 'no parameter moved: the run did not train').toBeGreaterThan(0);
    optimizer.dispose();
    expect(model.states.flat(), 'dispose() takes the states it created out of the layers').toHaveLength(0);
    expect(tf.memory().numTensors, 'dispose() frees every state tensor').toBe(modelTensors);
    return { before, after, changedElements };
  } finally {
    model.dispose();
  }
}
