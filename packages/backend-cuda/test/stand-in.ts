/**
 * A stand-in for @tensorflow/tfjs-node-gpu, which cannot be installed on these machines: the
 * kernels of tfjs-backend-cpu registered under the backend name "tensorflow", on a backend
 * object that carries the device flags tfjs-node's NodeJSKernelBackend has (tfjs-v4.22.0,
 * tfjs-node/src/nodejs_kernel_backend.ts: `isGPUPackage`, `isUsingGpuDevice`, `binding`).
 * The backend package runs its real code path on it: load, activate, check, run.
 */
import type { AddonLoader, AddonPackage, CudaBackend } from '@descent/backend-cuda';
import { createBackend } from '@descent/backend-cuda';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/** How the stand-in's `tensorflow` backend presents itself. */
export interface StandInFlags {
  /** What TensorFlow's device list would hold (default true: a GPU). */
  readonly gpu?: boolean;
  /** Where the flag is exposed: tfjs-node's field (default), only `binding.isUsingGpuDevice()`, or nowhere. */
  readonly flag?: 'field' | 'binding' | 'none';
  /** The backend factory throws (as when TensorFlow cannot create its context). */
  readonly failInit?: boolean;
}

class StandInTensorflow extends MathBackendCPU {
  constructor(flags: StandInFlags, addon: AddonPackage) {
    super();
    const gpu = flags.gpu ?? true;
    const self = this as unknown as Record<string, unknown>;
    self.firstUse = false; // tfjs-backend-cpu's "install our node backend" notice: not for a stand-in
    self.isGPUPackage = addon === '@tensorflow/tfjs-node-gpu';
    if ((flags.flag ?? 'field') === 'field') self.isUsingGpuDevice = gpu;
    if ((flags.flag ?? 'field') !== 'none') self.binding = { isUsingGpuDevice: () => gpu };
  }
}

let kernelsCopied = false;

/** Registers (or re-registers) the stand-in as tfjs' "tensorflow" backend, as the addon does on import. */
export function registerStandIn(flags: StandInFlags = {}, addon: AddonPackage = '@tensorflow/tfjs-node-gpu'): void {
  if (!kernelsCopied) {
    for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'tensorflow' });
    kernelsCopied = true;
  }
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
  tf.registerBackend(
    'tensorflow',
    () => {
      if (flags.failInit) throw new Error('stand-in: could not create a TensorFlow context');
      return new StandInTensorflow(flags, addon);
    },
    3,
  );
}

/** The error Node gives for `import(name)` when `name` is not installed (ESM resolution). */
function notInstalled(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from /app/node_modules/@descent/backend-cuda/dist/index.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

/** What a stand-in installation holds. */
export interface StandInInstall extends StandInFlags {
  /** Installed addon packages (default: the GPU one). */
  readonly installed?: readonly AddonPackage[];
  /** Importing the addon throws this (installed but broken). */
  readonly importError?: Error;
  /** The addon registers no backend at all. */
  readonly registers?: boolean;
}

/** A module loader for `createBackend({ loadAddon })` that imports the stand-in; records what was asked. */
export function standInLoader(install: StandInInstall = {}): AddonLoader & { readonly calls: AddonPackage[] } {
  const calls: AddonPackage[] = [];
  const loader = async (name: AddonPackage) => {
    calls.push(name);
    if (!(install.installed ?? ['@tensorflow/tfjs-node-gpu']).includes(name)) throw notInstalled(name);
    if (install.importError) throw install.importError;
    if (install.registers !== false) registerStandIn(install, name);
    return { version: { 'tfjs-node': 'stand-in' } };
  };
  return Object.assign(loader, { calls });
}

/** Runs `run` with console.log and console.warn silenced (tfjs' Node advertisement, init warnings). */
export async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const { log, warn } = console;
  console.log = () => {};
  console.warn = () => {};
  try {
    return await run();
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

/** A CUDA backend on the stand-in (a GPU is reported): the package's real createBackend. */
export function standInBackend(options: { batchSize?: number } = {}): Promise<CudaBackend> {
  return quietly(() => createBackend({ ...options, loadAddon: standInLoader() }));
}
