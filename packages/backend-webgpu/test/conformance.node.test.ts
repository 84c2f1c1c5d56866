import { createBackend } from '@descent/backend-webgpu';
import { type Backend, createOpsBackend, setBackend } from '@descent/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceChecks } from './conformance/index.js';
import { dawnGpu } from './dawn.js';

describe('conformance on Dawn (Node, OpenGL ES / llvmpipe)', () => {
  let backend: Backend;

  beforeAll(async () => {
    backend = await createBackend({ gpu: dawnGpu() });
    setBackend(backend);
  });

  afterAll(() => {
    backend?.dispose?.();
    setBackend(createOpsBackend());
  });

  it('runs on tfjs\'s webgpu backend', () => {
    expect(tf.getBackend()).toBe('webgpu');
    expect(backend.name).toBe('webgpu');
  });

  for (const c of conformanceChecks) {
    it(c.name, async () => {
      await c.run({ backend });
    });
  }
});
