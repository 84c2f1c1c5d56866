import { createBackend, type WasmBackend } from '@descent/backend-wasm';
import { isDescentError } from '@descent/core';
import { hostileOptions } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

const KNOWN = ['batchSize', 'simd', 'wasmPaths'];

beforeAll(async () => {
  // Initialise tfjs-backend-wasm first: a fuzzed wasmPaths must not break the real one.
  (await wasmBackend()).dispose();
});

it('createBackend: every rejection is a typed error naming the option; accepted options give a working backend', async () => {
  const plausible = fc.oneof(fc.boolean(), fc.integer({ min: -2, max: 64 }), fc.constantFrom('/wasm/', { 'tfjs-backend-wasm.wasm': '/x.wasm' }));
  await fc.assert(
    fc.asyncProperty(hostileOptions(KNOWN, plausible), async (options) => {
      let backend: WasmBackend | undefined;
      try {
        backend = await createBackend(options as never);
      } catch (error) {
        expect(isDescentError(error), String(error)).toBe(true);
        const field = (error as { option?: string }).option;
        const named = field === undefined ? KNOWN.some((k) => (error as Error).message.includes(k)) : [...KNOWN, 'options'].includes(field) || /unknown option/.test((error as Error).message);
        expect(named, (error as Error).message).toBe(true);
        return;
      }
      expect(tf.getBackend()).toBe('wasm');
      expect(backend.batchSize).toBeGreaterThan(0);
      backend.dispose();
    }),
    { numRuns: 150 },
  );
});
