import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '@descent/adam';
import { createOpsBackend, setBackend } from '@descent/core';
import { expectSteadyState } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  setBackend(createOpsBackend());
});

it('10,000 steps on core\'s ops evaluator: tf.memory() flat; dispose() frees every state', async () => {
  const adam = new Adam({ learningRate: 1e-3, gradientClipNorm: 1 });
  await expectSteadyState(adam, { steps: 10_000 });
  expect(adam.t).toBe(10_001);
});
