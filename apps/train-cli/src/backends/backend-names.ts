/** The Descent backends `--backend` can pick. */
export const BACKEND_NAMES = ['wasm', 'ops', 'webgpu', 'cuda'] as const;

/** A name in {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** One line per backend for `--help`. */
export const BACKEND_HELP: Readonly<Record<BackendName, string>> = {
  wasm: 'fused WebAssembly SIMD updates on tfjs-backend-wasm (@descent/backend-wasm; the default)',
  ops: "core's tfjs-ops evaluator: updates as plain tfjs ops, on tfjs-backend-wasm",
  webgpu: 'fused WGSL updates on tfjs-backend-webgpu (@descent/backend-webgpu; in Node, Dawn from the `webgpu` package)',
  cuda: 'TensorFlow ops on an NVIDIA GPU (@descent/backend-cuda); needs @tensorflow/tfjs-node-gpu and CUDA, which this repo does not install',
};
