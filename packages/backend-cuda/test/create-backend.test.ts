import { createBackend } from '@descent/backend-cuda';
import { BackendError, InvalidOptionError, isDescentError } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { quietly, type StandInInstall, standInLoader } from './stand-in.js';

const create = (install: StandInInstall, options: { allowCpu?: boolean } = {}) => {
  const loadAddon = standInLoader(install);
  return { loadAddon, attempt: quietly(() => createBackend({ ...options, loadAddon })) };
};

/** The BackendError a rejected attempt carries. */
async function failure(attempt: Promise<unknown>): Promise<BackendError> {
  const error = await attempt.then(
    () => expect.fail('createBackend resolved'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackendError);
  expect(isDescentError(error) && error.code).toBe('BACKEND');
  return error as BackendError;
}

describe('createBackend on a machine with a GPU (stand-in)', () => {
  it('loads tfjs-node-gpu, makes "tensorflow" the active tfjs backend and reports the GPU', async () => {
    await tf.setBackend('cpu');
    const { loadAddon, attempt } = create({});
    const backend = await attempt;
    expect(loadAddon.calls).toEqual(['@tensorflow/tfjs-node-gpu']);
    expect(tf.getBackend()).toBe('tensorflow');
    expect(backend).toMatchObject({ device: 'GPU', addon: '@tensorflow/tfjs-node-gpu', name: 'cuda', batchSize: 1, specificationVersion: 'v1' });
  });

  it('reads the flag from binding.isUsingGpuDevice() when the field is absent', async () => {
    const backend = await create({ flag: 'binding' }).attempt;
    expect(backend.device).toBe('GPU');
  });

  it('takes batchSize and validates options', async () => {
    expect((await quietly(() => createBackend({ batchSize: 8, loadAddon: standInLoader() }))).batchSize).toBe(8);
    await expect(createBackend({ batchSize: 0 })).rejects.toThrow(InvalidOptionError);
    await expect(createBackend({ allowCpu: 'yes' as unknown as boolean })).rejects.toThrow(/"allowCpu" must be a boolean/);
    await expect(createBackend({ loadAddon: 'x' as never })).rejects.toThrow(/"loadAddon" must be a function/);
    await expect(createBackend({ gpu: true } as never)).rejects.toThrow(/unknown option "gpu"/);
  });
});

describe('typed errors', () => {
  it('addon missing: says what to install (driver, CUDA, cuDNN, package) and how to fall back', async () => {
    const { loadAddon, attempt } = create({ installed: [] });
    const error = await failure(attempt);
    expect(loadAddon.calls).toEqual(['@tensorflow/tfjs-node-gpu']); // no CPU fallback without allowCpu
    expect(error.message).toMatch(/@tensorflow\/tfjs-node-gpu is not installed/);
    expect(error.message).toMatch(/driver \(> 450\), CUDA 11\.2 and cuDNN 8\.1/);
    expect(error.message).toMatch(/TensorFlow 2\.9\.1/);
    expect(error.message).toMatch(/npm install @tensorflow\/tfjs-node-gpu@4\.22\.0/);
    expect(error.message).toMatch(/npm install @descent\/backend-wasm @tensorflow\/tfjs-backend-wasm/);
    expect(error.message).toMatch(/allowCpu: true/);
    expect((error.cause as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('addon installed but broken: names the package and the cause, no silent fallback to the CPU', async () => {
    const cause = new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory\nmore');
    const { loadAddon, attempt } = create({ importError: cause, installed: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] }, { allowCpu: true });
    const error = await failure(attempt);
    expect(loadAddon.calls).toEqual(['@tensorflow/tfjs-node-gpu']);
    expect(error.message).toMatch(/tfjs-node-gpu is installed but failed to load: libtensorflow\.so\.2: cannot open/);
    expect(error.message).not.toMatch(/more/);
    expect(error.cause).toBe(cause);
  });

  it('a module the addon requires is missing: reported as broken, not as "not installed"', async () => {
    const cause = Object.assign(new Error("Cannot find module '@mapbox/node-pre-gyp'\nRequire stack:\n- /x/node_modules/@tensorflow/tfjs-node-gpu/dist/index.js"), {
      code: 'MODULE_NOT_FOUND',
    });
    const error = await failure(create({ importError: cause }).attempt);
    expect(error.message).toMatch(/installed but failed to load: Cannot find module '@mapbox\/node-pre-gyp'/);
  });

  it('backend not active: tfjs falls back silently when TensorFlow fails to initialise', async () => {
    await tf.setBackend('cpu');
    const error = await failure(create({ failInit: true }).attempt);
    // tfjs even reports "tensorflow" from tf.getBackend() then: only setBackend's result tells.
    expect(error.message).toMatch(/did not make TensorFlow the active tfjs backend/);
  });

  it('backend not registered at all', async () => {
    if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
    const error = await failure(create({ registers: false }).attempt);
    expect(error.message).toMatch(/did not make TensorFlow the active tfjs backend \(Backend name 'tensorflow' not found/);
  });

  it('no GPU: TensorFlow fell back to the CPU; says what CUDA needs and how to accept the CPU', async () => {
    const error = await failure(create({ gpu: false }).attempt);
    expect(error.message).toMatch(/found no usable GPU and would run every op on the CPU/);
    expect(error.message).toMatch(/CUDA 11\.2 and cuDNN 8\.1 libraries on the library path/);
    expect(error.message).toMatch(/createBackend\(\{ allowCpu: true \}\)/);
  });

  it('unknown device: a "tensorflow" backend without tfjs-node\'s flags is refused', async () => {
    const error = await failure(create({ flag: 'none' }).attempt);
    expect(error.message).toMatch(/exposes neither isUsingGpuDevice nor binding\.isUsingGpuDevice\(\)/);
  });
});

describe('allowCpu', () => {
  it('accepts tfjs-node-gpu without a GPU, as a CPU backend', async () => {
    const backend = await create({ gpu: false }, { allowCpu: true }).attempt;
    expect(backend).toMatchObject({ device: 'CPU', addon: '@tensorflow/tfjs-node-gpu', name: 'tensorflow-cpu' });
  });

  it('falls back to @tensorflow/tfjs-node when tfjs-node-gpu is not installed', async () => {
    const { loadAddon, attempt } = create({ installed: ['@tensorflow/tfjs-node'], gpu: false }, { allowCpu: true });
    const backend = await attempt;
    expect(loadAddon.calls).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(backend).toMatchObject({ device: 'CPU', addon: '@tensorflow/tfjs-node' });
  });

  it('still prefers tfjs-node-gpu and its GPU when both are installed', async () => {
    const { loadAddon, attempt } = create({ installed: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] }, { allowCpu: true });
    expect((await attempt).device).toBe('GPU');
    expect(loadAddon.calls).toEqual(['@tensorflow/tfjs-node-gpu']);
  });

  it('neither package installed: says so, with the same install and fallback advice', async () => {
    const error = await failure(create({ installed: [] }, { allowCpu: true }).attempt);
    expect(error.message).toMatch(/neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node is installed/);
    expect(error.message).toMatch(/CUDA 11\.2/);
  });
});
