import { createBackend } from '@descent/backend-cuda';
import { isDescentError } from '@descent/core';
import { fuzzFailingFactory, hostileValue } from '@descent/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';

const KNOWN = ['batchSize', 'allowCpu', 'loadAddon'];

it('createBackend: hostile options and addon loaders that fail in hostile ways are typed rejections', async () => {
  // Loaders that throw or reject with anything at all (no addon is installed here).
  const loader = hostileValue().map((thrown) => [
    () => Promise.reject(thrown),
    () => {
      throw thrown;
    },
  ]);
  const plausible = fc.oneof(fc.boolean(), fc.integer({ min: -1, max: 64 }), loader.chain((fns) => fc.constantFrom(...fns)));
  await fuzzFailingFactory((options) => createBackend(options as never), KNOWN, { plausible, unnamed: /tfjs-node/ });
});

it('createBackend: an addon loader that throws or rejects with any value at all gives a BackendError', async () => {
  await fc.assert(
    fc.asyncProperty(hostileValue(), fc.boolean(), fc.boolean(), async (thrown, sync, allowCpu) => {
      const loadAddon = sync
        ? () => {
            throw thrown;
          }
        : () => Promise.reject(thrown);
      const error = await createBackend({ loadAddon, allowCpu } as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDescentError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/tfjs-node/);
    }),
    { numRuns: 200 },
  );
});
