import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import { createBackend } from '@descent/backend-webgpu';
import { type Backend, createOpsBackend, type Optimizer, setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import { expectSteadyState } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuSpy } from './conformance/spies.js';
import { dawnGpu } from './dawn.js';

const OPTIMIZERS: [string, () => Optimizer][] = [
  ['Adam', () => new Adam({ learningRate: 1e-3, gradientClipNorm: 1 })],
  ['GradientDescentMomentum', () => new GradientDescentMomentum({ learningRate: 1e-3, momentumCoef: 0.9, paramClipValue: 2 })],
  ['RMSProp', () => new RMSProp({ learningRate: 1e-3 })],
  ['Adagrad', () => new Adagrad({ learningRate: 1e-2, gradientClipValue: 1 })],
  ['Adadelta', () => new Adadelta()],
  ['ShiftAdaMax', () => new ShiftAdaMax({ learningRate: 1e-3 })],
  ['MultiOptimizer', () => new MultiOptimizer({ default: new Adam({ learningRate: 1e-3 }), nested: new GradientDescentMomentum({ learningRate: 1e-3 }) })],
];

describe('long runs on WebGPU (Dawn)', () => {
  let backend: Backend;
  let spy: GpuSpy;
  let buffers = 0;
  let restoreCreateBuffer: () => void;

  beforeAll(async () => {
    backend = await createBackend({ gpu: dawnGpu() });
    setBackend(backend);
    spy = new GpuSpy();
    const proto = GPUDevice.prototype as unknown as { createBuffer: (...a: unknown[]) => unknown };
    const original = proto.createBuffer;
    proto.createBuffer = function (this: unknown, ...args: unknown[]) {
      buffers++;
      return original.apply(this, args);
    };
    restoreCreateBuffer = () => {
      proto.createBuffer = original;
    };
  });

  afterAll(() => {
    restoreCreateBuffer?.();
    spy?.restore();
    backend?.dispose?.();
    setBackend(createOpsBackend());
  });

  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: 1,000 steps with tf.memory() (GPU bytes included) flat, no new GPU buffers, no readback, no recompile`, async () => {
      const report = await expectSteadyState(make(), {
        steps: 1_000,
        stepsPerEpoch: 100,
        gradientEvery: 250,
        probes: { createdBuffers: () => buffers, readbacks: () => spy.counts.readbacks, compiles: () => spy.counts.compiles },
      });
      expect(report.before.numBytesInGPU, 'tfjs-webgpu reports its GPU bytes').toBeGreaterThan(0);
    });
  }
});
