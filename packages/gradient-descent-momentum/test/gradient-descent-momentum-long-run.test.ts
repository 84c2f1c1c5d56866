import '@tensorflow/tfjs-backend-cpu';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { createOpsBackend, setBackend } from '@descent/core';
import { expectSteadyState } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  setBackend(createOpsBackend());
});

it('10,000 steps on core\'s ops evaluator: tf.memory() flat; dispose() frees every state', async () => {
  await expectSteadyState(new GradientDescentMomentum({ learningRate: 1e-3, momentumCoef: 0.9, nesterov: true, wdecay: 1e-4, gradientClipValue: 1 }), { steps: 10_000 });
});
