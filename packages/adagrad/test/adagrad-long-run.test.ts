import '@tensorflow/tfjs-backend-cpu';
import { Adagrad } from '@descent/adagrad';
import { createOpsBackend, setBackend } from '@descent/core';
import { expectSteadyState } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  setBackend(createOpsBackend());
});

it('10,000 steps on core\'s ops evaluator: tf.memory() flat; dispose() frees every state', async () => {
  await expectSteadyState(new Adagrad({ learningRate: 1e-2, gradientClipNorm: 1 }), { steps: 10_000 });
});
