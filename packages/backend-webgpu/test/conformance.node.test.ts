import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { conformanceChecks } from './conformance/index.js';
import { useDawnBackend } from './dawn.js';

describe('conformance on Dawn (Node, OpenGL ES / llvmpipe)', () => {
  const backend = useDawnBackend();

  it('runs on tfjs\'s webgpu backend', () => {
    expect(tf.getBackend()).toBe('webgpu');
    expect(backend().name).toBe('webgpu');
  });

  for (const c of conformanceChecks) {
    it(c.name, async () => {
      await c.run({ backend: backend() });
    });
  }
});
