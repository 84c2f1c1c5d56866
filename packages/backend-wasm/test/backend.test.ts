import { type WasmBackend } from '@descent/backend-wasm';
import {
  BackendError,
  defineUpdate,
  fusePipeline,
  getBackend,
  InvalidOptionError,
  isDescentError,
  setBackend,
  SPECIFICATION_VERSION,
} from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

const rule = defineUpdate({
  name: 'sgd',
  states: ['v'],
  scalars: ['rate'],
  update: ({ param, grad, v }, s) => ({ v: v.add(grad), param: param.sub(s.rate.mul(grad)) }),
});
const program = fusePipeline(rule, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
const scalars = Float32Array.of(1, 0.5);

describe('createBackend', () => {
  let backend: WasmBackend;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    backend = await wasmBackend({ batchSize: 8 });
  });
  afterAll(() => backend.dispose());

  it('activates tfjs-backend-wasm and implements the Backend contract', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(backend.name).toBe('wasm');
    expect(backend.specificationVersion).toBe(SPECIFICATION_VERSION);
    expect(backend.simd).toBe(true); // Node 20 has WebAssembly SIMD
    setBackend(backend);
    expect(getBackend()).toBe(backend);
  });

  it('validates batchSize at creation and when set', async () => {
    expect(backend.batchSize).toBe(8);
    backend.batchSize = 32;
    expect(backend.batchSize).toBe(32);
    expect(() => {
      backend.batchSize = 0;
    }).toThrow(InvalidOptionError);
    expect(() => {
      backend.batchSize = Number.NaN;
    }).toThrow(InvalidOptionError);
    expect(backend.batchSize).toBe(32);
    await expect(wasmBackend({ batchSize: -1 })).rejects.toThrow(InvalidOptionError);
  });

  it('rejects unknown or mistyped options', async () => {
    await expect(wasmBackend({ simd: 'yes' as never })).rejects.toThrow(/simd/);
    await expect(wasmBackend({ threads: 4 } as never)).rejects.toThrow(/unknown option "threads"/);
  });
});

describe('runUpdate rejects what it cannot update in place, before writing anything', () => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend();
  });

  const binding = (values: number[]) => {
    const p = tf.tidy(() => tf.variable(tf.tensor(values), true, undefined));
    return [p, tf.onesLike(p), tf.tidy(() => tf.variable(tf.zerosLike(p)))];
  };

  it('names a tensor that lives in another tfjs backend, and leaves the other bindings unchanged', async () => {
    const good = binding([1, 2, 3]);
    await tf.setBackend('cpu');
    const foreignGrad = tf.tensor([1, 1]);
    await tf.setBackend('wasm');
    const p = tf.tidy(() => tf.variable(tf.tensor([4, 5]), true, 'foreign/w'));
    const v = tf.tidy(() => tf.variable(tf.zeros([2])));
    let error: unknown;
    try {
      backend.runUpdate({ program, bindings: [good, [p, foreignGrad, v]], scalars });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BackendError);
    expect(isDescentError(error)).toBe(true);
    expect((error as Error).message).toMatch(/grad of param "foreign\/w" does not live in the tfjs "wasm" backend/);
    expect(Array.from(good[0]!.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(good[2]!.dataSync())).toEqual([0, 0, 0]);
    expect(backend.stats.kernelCalls).toBe(0);
    tf.dispose([...good, foreignGrad, p, v]);
  });

  it('rejects disposed tensors, non-variable outputs and a wrong number of scalars', () => {
    const [p, g, v] = binding([1, 2]);
    g!.dispose();
    expect(() => backend.runUpdate({ program, bindings: [[p!, g!, v!]], scalars })).toThrow(/grad of param .* is disposed/);
    const g2 = tf.ones([2]);
    const plain = tf.zeros([2]);
    expect(() => backend.runUpdate({ program, bindings: [[p!, g2, plain]], scalars })).toThrow(/v of param .* must be a tf.Variable/);
    expect(() => backend.runUpdate({ program, bindings: [[p!, g2, v!]], scalars: Float32Array.of(1) })).toThrow(/takes 2 scalars, got 1/);
    expect(Array.from(p!.dataSync())).toEqual([1, 2]);
    tf.dispose([p!, v!, g2, plain]);
  });

  it('refuses to run after dispose', async () => {
    const disposable = await wasmBackend();
    disposable.dispose();
    const b = binding([1]);
    expect(() => disposable.runUpdate({ program, bindings: [b], scalars })).toThrow(BackendError);
    tf.dispose(b);
  });
});
