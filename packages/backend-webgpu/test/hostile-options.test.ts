import { createBackend } from '@descent/backend-webgpu';
import { isDescentError } from '@descent/core';
import { fuzzFailingFactory, HostileError } from '@descent/testing';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { globals } from 'webgpu';
import { beforeAll, expect, it } from 'vitest';

const KNOWN = ['batchSize', 'gpu', 'adapterOptions', 'workgroupSize'];

/** Stand-ins for navigator.gpu that fail in every way short of a real device (no Dawn here). */
const fakeGpus = [
  { requestAdapter: async () => null },
  { requestAdapter: async () => ({}) },
  { requestAdapter: async () => 'adapter' },
  { requestAdapter: () => Promise.reject(new HostileError('requestAdapter')) },
  {
    requestAdapter: () => {
      throw new HostileError('sync requestAdapter');
    },
  },
  { requestAdapter: async () => ({ limits: {}, requestDevice: () => Promise.reject(new HostileError('requestDevice')) }) },
  { requestAdapter: async () => ({ limits: {}, requestDevice: async () => ({ limits: {}, lost: new Promise(() => {}) }) }) },
];

beforeAll(async () => {
  // The WebGPU globals tfjs-backend-webgpu needs, without creating a Dawn instance.
  Object.assign(globalThis, globals);
  expect(await tf.setBackend('cpu')).toBe(true);
});

it('createBackend: hostile options and broken GPUs are typed rejections naming the option or WebGPU, and tfjs stays usable', async () => {
  const plausible = fc.oneof(
    fc.constantFrom(...fakeGpus.keys()).map((i) => fakeGpus[i]),
    fc.integer({ min: -2, max: 2048 }),
    fc.constantFrom({ featureLevel: 'compatibility' }, {}),
  );
  const quiet = console.warn;
  console.warn = () => {}; // tfjs reports a backend that fails to initialise on the console
  try {
    // No real GPU here: every call must fail, with a typed error, and leave tfjs on cpu.
    await fuzzFailingFactory((options) => createBackend(options as never), KNOWN, {
      plausible,
      numRuns: 150,
      unnamed: /WebGPU|webgpu/,
      after: () => expect(tf.getBackend()).toBe('cpu'),
    });
  } finally {
    console.warn = quiet;
  }
});

it('createBackend: each broken GPU stand-in is a typed rejection', async () => {
  const quiet = console.warn;
  console.warn = () => {};
  try {
    for (const [i, gpu] of fakeGpus.entries()) {
      const error = await createBackend({ gpu }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDescentError(error), `fake GPU ${i}: ${String(error)}`).toBe(true);
      expect(tf.getBackend()).toBe('cpu');
    }
  } finally {
    console.warn = quiet;
  }
});
