import { createBackend } from '@descent/backend-wasm';
import { getBackend, setBackend } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZERS } from './optimizers.js';
import { expectExactResume } from './resume.js';

beforeAll(async () => {
  const log = console.log;
  console.log = () => {}; // tfjs' one-time advertisement for tfjs-node
  try {
    setBackend(await createBackend({ batchSize: 4 }));
  } finally {
    console.log = log;
  }
  expect(tf.getBackend()).toBe('wasm');
  expect(getBackend().name).toBe('wasm');
});

// A failed comparison leaves variables registered; free their names for the next test.
afterEach(() => tf.disposeVariables());

describe('exact resume on @descent/backend-wasm (in-place SIMD kernels, batchSize 4)', () => {
  for (const [name, make] of Object.entries(OPTIMIZERS)) {
    it(name, () => {
      for (const k of [1, 4, 8]) expectExactResume(make, 10, k, true);
      expectExactResume(make, 10, 5, false);
      expect((getBackend() as unknown as { stats: { kernelCalls: number } }).stats.kernelCalls).toBeGreaterThan(0);
    });
  }
});
