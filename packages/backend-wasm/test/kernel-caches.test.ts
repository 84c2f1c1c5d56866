import type { WasmBackend } from '@descent/backend-wasm';
import { defineUpdate, fusePipeline } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

/** `p = p - grad`: the smallest update that changes a weight matrix in place. */
const rule = defineUpdate({ name: 'subtract', states: [], scalars: [], update: ({ param, grad }) => ({ param: param.sub(grad) }) });
const program = fusePipeline(rule, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });

/** Reference matMul in float64 from the tensors' current values. */
function matMul(a: number[], b: number[], n: number, k: number, m: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let l = 0; l < k; l++) sum += a[i * k + l]! * b[l * m + j]!;
    out.push(sum);
  }
  return out;
}

describe("tfjs-wasm's cached kernels see in-place updates", () => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend();
  });
  afterAll(() => backend.dispose());

  it('a matMul after an update uses the new weights (XNNPACK packs and caches weights per tensor id)', () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const w = tf.tidy(() => tf.variable(tf.tensor2d([[1, 0], [0, 1], [1, 1]])));
    const grad = tf.tensor2d([[0.5, -1], [2, 0], [0, 3]]);
    tf.matMul(x, w).dispose(); // packs w and caches the packed copy
    backend.runUpdate({ program, bindings: [[w, grad]], scalars: Float32Array.of(1) });
    const after = tf.matMul(x, w);
    const expected = matMul(Array.from(x.dataSync()), Array.from(w.dataSync()), 2, 3, 2);
    expect(Array.from(after.dataSync())).toEqual(expected);
    for (const t of [x, w, grad, after]) t.dispose();
  });
});
