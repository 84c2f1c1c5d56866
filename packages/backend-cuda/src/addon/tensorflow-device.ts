/** Where TensorFlow runs ops: an NVIDIA GPU, or the host CPU. */
export type TensorflowDevice = 'GPU' | 'CPU';

/**
 * Reads which device the tfjs `tensorflow` backend (tfjs-node / tfjs-node-gpu) runs ops on;
 * `undefined` when `backend` exposes neither flag (not a tfjs-node backend).
 *
 * What this relies on, read in tensorflow/tfjs at tag tfjs-v4.22.0:
 * - tfjs-node/binding/tfjs_backend.cc (TFJSBackend constructor): lists the eager context's
 *   devices (`TFE_ContextListDevices`), takes one of type "GPU" if there is one, and otherwise
 *   falls back to the host CPU with `is_gpu_device = false` (a GPU build without CUDA
 *   libraries or without a visible GPU silently runs on the CPU).
 * - tfjs-node/binding/tfjs_binding.cc: exports that flag as `binding.isUsingGpuDevice()`.
 * - tfjs-node/src/nodejs_kernel_backend.ts: the backend object keeps `binding` and copies the
 *   flag into the boolean field `isUsingGpuDevice` in its constructor (next to
 *   `isGPUPackage`, true when the package is `@tensorflow/tfjs-node-gpu`).
 */
export function tensorflowDevice(backend: unknown): TensorflowDevice | undefined {
  if (typeof backend !== 'object' || backend === null) return undefined;
  const { isUsingGpuDevice, binding } = backend as {
    isUsingGpuDevice?: unknown;
    binding?: { isUsingGpuDevice?: unknown };
  };
  let usingGpu: unknown = isUsingGpuDevice;
  if (typeof usingGpu !== 'boolean' && typeof binding?.isUsingGpuDevice === 'function') {
    usingGpu = (binding.isUsingGpuDevice as () => unknown).call(binding);
  }
  if (typeof usingGpu !== 'boolean') return undefined;
  return usingGpu ? 'GPU' : 'CPU';
}
