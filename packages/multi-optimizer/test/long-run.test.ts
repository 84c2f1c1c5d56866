import '@tensorflow/tfjs-backend-cpu';
import { createOpsBackend, setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { expectSteadyState } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  setBackend(createOpsBackend());
});

it('10,000 steps on core\'s ops evaluator, two groups: tf.memory() flat; dispose() frees every state of every group', async () => {
  // The steady-state model has a layer "first" and a container holding "nested".
  const nested = new GradientDescentMomentum({ learningRate: 1e-3, momentumCoef: 0.5, gradientClipNorm: 1 });
  const multi = new MultiOptimizer({ default: new GradientDescentMomentum({ learningRate: 1e-3, momentumCoef: 0.9 }), nested });
  await expectSteadyState(multi, { steps: 10_000 });
});
