export type { AddonLoader } from './addon/load-addon.js';
export type { AddonPackage } from './addon/requirements.js';
export type { TensorflowDevice } from './addon/tensorflow-device.js';
export { createBackend } from './create-backend.js';
export type { CudaBackend, CudaBackendStats } from './cuda-backend.js';
export type { CudaBackendOptions } from './options.js';
