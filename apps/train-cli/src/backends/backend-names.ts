/** The Descent backends `--backend` can pick. */
export const BACKEND_NAMES = ['wasm', 'ops', 'webgpu', 'cuda'] as const;

/** A name in {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** One line per backend for `--help`. */
export const BACKEND_HELP: Readonly<Record<BackendName, string>> = {
  wasm: 'fused WebAssembly SIMD updates on tfjs-backend-wasm (@descent/backend-wasm; the default)',
  ops: "core's tfjs-ops evaluator: updates as plain tfjs ops, on tfjs-backend-wasm",
  webgpu: 'fused WGSL updates (@descent/backend-webgpu + the `webgpu` package in Node); must be installed',
  cuda: 'TensorFlow ops on CUDA (@descent/backend-cuda + @tensorflow/tfjs-node-gpu); must be installed',
};
