/**
 * What `@tensorflow/tfjs-node-gpu` 4.22 needs, from its README (tfjs-v4.22.0, tfjs-node/README.md,
 * "Installing": NVIDIA driver > 450.x, CUDA Toolkit 11.2, cuDNN SDK 8.1.0; Linux or Windows GPU)
 * and its install script (tfjs-node/scripts/deps-constants.js: `LIBTENSORFLOW_VERSION = '2.9.1'`;
 * GPU builds exist for `gpu-linux-x86_64` and `gpu-windows-x86_64` only).
 */
export const REQUIREMENTS = {
  tfjsNode: '4.22.0',
  tensorflow: '2.9.1',
  cuda: '11.2',
  cudnn: '8.1',
  driver: '> 450',
  platforms: 'Linux or Windows on x86_64',
} as const;

/** One of the two TensorFlow addon packages: the GPU build, or the CPU build (with `allowCpu`). */
export type AddonPackage = '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node';

/** The GPU build of the TensorFlow addon. */
export const GPU_PACKAGE: AddonPackage = '@tensorflow/tfjs-node-gpu';
/** The CPU build of the TensorFlow addon, accepted with `allowCpu`. */
export const CPU_PACKAGE: AddonPackage = '@tensorflow/tfjs-node';
