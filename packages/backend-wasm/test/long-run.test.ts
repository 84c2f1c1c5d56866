import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import type { WasmBackend } from '@descent/backend-wasm';
import { type Layer, Optimizer, setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import { expectSteadyState } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

const OPTIMIZERS: [string, () => Optimizer][] = [
  ['GradientDescentMomentum', () => new GradientDescentMomentum({ learningRate: 1e-3, momentumCoef: 0.9, nesterov: true, gradientClipValue: 1 })],
  ['RMSProp', () => new RMSProp({ learningRate: 1e-3, paramClipValue: 2 })],
  ['Adagrad', () => new Adagrad({ learningRate: 1e-2, gradientClipNorm: 1 })],
  ['Adadelta', () => new Adadelta({ paramClipValue: 2 })],
  ['Adam', () => new Adam({ learningRate: 1e-3, gradientClipNorm: 1 })],
  ['ShiftAdaMax', () => new ShiftAdaMax({ learningRate: 1e-3 })],
  ['MultiOptimizer', () => new MultiOptimizer({ default: new Adam({ learningRate: 1e-3 }), nested: new RMSProp({ learningRate: 1e-3 }) })],
];

/** Leaks one tensor per call: the negative control of the steady-state check. */
class LeakyOptimizer extends Optimizer {
  override optimize(_layers: readonly Layer[], _epoch: number): void {
    tf.scalar(1);
  }
}

describe('long runs on backend-wasm', () => {
  let backend: WasmBackend;
  let heap: () => number;

  beforeAll(async () => {
    backend = await wasmBackend();
    setBackend(backend);
    const memory = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
    heap = () => memory.buffer.byteLength;
  });
  afterAll(() => backend.dispose());

  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: 10,000 steps with tf.memory() and the wasm heap flat, no recompiles; dispose() frees every state`, async () => {
      const before = backend.stats;
      const report = await expectSteadyState(make(), {
        steps: 10_000,
        probes: { heapBytes: heap, compiles: () => backend.stats.compiles, fallbackCalls: () => backend.stats.fallbackCalls },
      });
      expect(report.after.heapBytes).toBe(report.before.heapBytes);
      const groups = name === 'MultiOptimizer' ? 2 : 1;
      expect(backend.stats.kernelCalls - before.kernelCalls).toBe(groups * 10_001);
    });
  }

  it('the check fails for an optimizer that leaks a tensor per step', async () => {
    await expect(expectSteadyState(new LeakyOptimizer(), { steps: 10 })).rejects.toThrow(/after 10 steps/);
  });
});
