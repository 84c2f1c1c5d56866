import { createBackend } from '@descent/backend-webgpu';
import { BackendError, InvalidOptionError, setBackend, SPECIFICATION_VERSION } from '@descent/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { dawnGpu } from './dawn.js';

// The order matters: the first tests run before the WebGPU globals exist in this process.
describe('createBackend', () => {
  it('rejects unknown and invalid options with InvalidOptionError naming the option', async () => {
    await expect(createBackend({ nope: 1 } as never)).rejects.toMatchObject({ name: 'InvalidOptionError', option: 'nope' });
    await expect(createBackend({ workgroupSize: 3 })).rejects.toMatchObject({ option: 'workgroupSize' });
    await expect(createBackend({ batchSize: 0 })).rejects.toBeInstanceOf(InvalidOptionError);
  });

  it('throws BackendError when there is no navigator.gpu and no gpu option', async () => {
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
    await expect(createBackend()).rejects.toThrow(BackendError);
    await expect(createBackend()).rejects.toThrow(/navigator\.gpu is undefined/);
  });

  it('throws BackendError naming the WebGPU globals tfjs-backend-webgpu needs when they are missing', async () => {
    const gpu = { requestAdapter: async () => null };
    await expect(createBackend({ gpu })).rejects.toThrow(/GPUBuffer.*not defined/);
  });

  it('throws BackendError when no adapter is found', async () => {
    dawnGpu(); // installs the WebGPU globals only
    const asked: unknown[] = [];
    const gpu = { requestAdapter: async (options?: object) => (asked.push(options), null) };
    await expect(createBackend({ gpu })).rejects.toThrow(/found no adapter/);
    // The default adapter request is retried in compatibility mode (Dawn on OpenGL ES).
    expect(asked).toEqual([{ powerPreference: 'high-performance' }, { featureLevel: 'compatibility' }]);
  });

  it('throws BackendError when tfjs cannot switch to webgpu (tfjs would silently stay on another backend)', async () => {
    const adapter = { limits: {}, info: {}, requestDevice: async () => ({}) }; // a device tfjs cannot use
    const gpu = { requestAdapter: async () => adapter };
    await expect(createBackend({ gpu })).rejects.toThrow(/tf\.setBackend\('webgpu'\) failed/);
    expect(tf.getBackend()).not.toBe('webgpu');
  });

  it('creates a v1 backend on Dawn, switches tfjs to webgpu, validates batchSize, and reuses an active webgpu backend', async () => {
    const backend = await createBackend({ gpu: dawnGpu(), batchSize: 4 });
    expect(tf.getBackend()).toBe('webgpu');
    expect(backend.specificationVersion).toBe(SPECIFICATION_VERSION);
    expect(backend.name).toBe('webgpu');
    expect(backend.batchSize).toBe(4);
    expect(() => {
      backend.batchSize = -1;
    }).toThrow(InvalidOptionError);
    backend.batchSize = 2;
    expect(backend.batchSize).toBe(2);
    setBackend(backend);
    const again = await createBackend();
    expect(again).not.toBe(backend);
    expect(tf.getBackend()).toBe('webgpu');
    again.dispose?.();
    backend.dispose?.();
    const p = tf.variable(tf.zeros([2]));
    expect(() => backend.runUpdate({ program: {} as never, bindings: [[p]], scalars: new Float32Array(0) })).toThrow(/disposed/);
  });
});
