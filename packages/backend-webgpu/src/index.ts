export { createBackend, type GpuLike, type WebGPUBackendOptions } from './create-backend.js';
