export { createBackend, type WasmBackendOptions } from './create-backend.js';
export { type EmitOptions, emitUpdateModule, KERNEL_EXPORT, MEMORY_IMPORT } from './codegen/emit-update-module.js';
export type { WasmBackend, WasmBackendStats } from './wasm-backend.js';
