import { BackendError } from '@descent/core';
import { activateTensorflow } from './addon/activate.js';
import { loadAddon } from './addon/load-addon.js';
import { tensorflowDevice } from './addon/tensorflow-device.js';
import { type CudaBackend, CudaBackendImpl } from './cuda-backend.js';
import { noGpuMessage, unknownDeviceMessage } from './messages.js';
import { type CudaBackendOptions, readOptions } from './options.js';

/**
 * Creates the CUDA backend: loads `@tensorflow/tfjs-node-gpu` (an optional peer dependency,
 * imported only now), makes its `tensorflow` tfjs backend active, and checks that TensorFlow
 * runs on a GPU. Fused updates then run as TensorFlow ops on that GPU: uniform subexpressions
 * on the host, per-step scalars cached on the device, the norm-clip reduction on the device,
 * results assigned in place, no readback.
 *
 * Throws a `BackendError` (from `@descent/core`) whose message says what to install (driver,
 * CUDA and cuDNN versions) and how to fall back, when the addon is missing or broken, when
 * TensorFlow does not become the active tfjs backend, or when it found no GPU (unless
 * `allowCpu` accepts the CPU).
 *
 * @example
 * ```ts
 * import { setBackend } from '@descent/core';
 * import { createBackend } from '@descent/backend-cuda';
 * setBackend(await createBackend({ batchSize: 32 }));
 * ```
 */
export async function createBackend(options: CudaBackendOptions = {}): Promise<CudaBackend> {
  const { batchSize, allowCpu, loadAddon: loader } = readOptions(options);
  const addon = await loadAddon(loader, allowCpu);
  const tfjsBackend = await activateTensorflow(addon);
  const device = tensorflowDevice(tfjsBackend);
  if (device === undefined) throw new BackendError(unknownDeviceMessage(addon));
  if (device === 'CPU' && !allowCpu) throw new BackendError(noGpuMessage());
  return new CudaBackendImpl({ batchSize, device, addon });
}
