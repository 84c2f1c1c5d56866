import type { WasmBackend } from '@descent/backend-wasm';
import { defineUpdate, fusePipeline } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

/** `v = 0.5*v + g; p = p - 0.1*v` */
const rule = defineUpdate({
  name: 'momentum-ish',
  states: ['v'],
  scalars: ['rate'],
  update: ({ param, grad, v }, s) => {
    const v1 = v.mul(0.5).add(grad);
    return { v: v1, param: param.sub(s.rate.mul(v1)) };
  },
});
const program = fusePipeline(rule, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
const scalars = Float32Array.of(1, 0.1); // batchSize, rate

interface Heap {
  dataIdMap: { get(id: object): { memoryOffset: number; refCount: number } };
  wasm: { asm: { memory: WebAssembly.Memory } };
}
const heap = (): Heap => tf.backend() as unknown as Heap;
const offsetOf = (t: tf.Tensor): number => heap().dataIdMap.get(t.dataId).memoryOffset;
const heapValues = (t: tf.Tensor): number[] =>
  Array.from(new Float32Array(heap().wasm.asm.memory.buffer, offsetOf(t), t.size));
const exclusive = (t: tf.Tensor) => tf.tidy(() => tf.variable(tf.tensor(t.dataSync(), t.shape)));

describe('updates run in place on the tfjs wasm heap', () => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend();
  });
  afterAll(() => backend.dispose());

  it('keeps every param and state at the same dataId and heap offset, and writes the new values there', () => {
    const param = exclusive(tf.tensor([1, 2, 3, 4, 5]));
    const v = exclusive(tf.zeros([5]));
    const grad = tf.tensor([1, 1, 1, 1, 1]);
    const ids = [param.dataId, v.dataId];
    const offsets = [offsetOf(param), offsetOf(v)];
    const tensorsBefore = tf.memory().numTensors;

    backend.runUpdate({ program, bindings: [[param, grad, v]], scalars });
    backend.runUpdate({ program, bindings: [[param, grad, v]], scalars });

    expect([param.dataId, v.dataId]).toEqual(ids);
    expect([param.dataId === ids[0], v.dataId === ids[1]]).toEqual([true, true]);
    expect([offsetOf(param), offsetOf(v)]).toEqual(offsets);
    // v: 1, then 1.5; p: p - 0.1 - 0.15.
    expect(heapValues(v)).toEqual([1.5, 1.5, 1.5, 1.5, 1.5]);
    expect(heapValues(param)).toEqual([1, 2, 3, 4, 5].map((x) => Math.fround(Math.fround(x - 0.1) - Math.fround(0.1 * 1.5))));
    expect(Array.from(param.dataSync())).toEqual(heapValues(param));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(backend.stats.copiesOnWrite).toBe(0);
    tf.dispose([param, v, grad]);
  });

  it('copies a variable once before writing when its data is shared (tf.variable(init)): init keeps its value', () => {
    const init = tf.tensor([1, 2, 3]);
    const param = tf.variable(init); // shares init's data
    expect(param.dataId).toBe(init.dataId);
    const v = exclusive(tf.zeros([3]));
    const grad = tf.tensor([10, 10, 10]);
    const copies = backend.stats.copiesOnWrite;

    backend.runUpdate({ program, bindings: [[param, grad, v]], scalars });
    expect(Array.from(init.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(param.dataSync())).toEqual([0, 1, 2]);
    expect(param.dataId).not.toBe(init.dataId);
    expect(backend.stats.copiesOnWrite).toBe(copies + 1);

    // Now the variable owns its data: later steps write in place, without copying.
    const id = param.dataId;
    const offset = offsetOf(param);
    backend.runUpdate({ program, bindings: [[param, grad, v]], scalars });
    expect(param.dataId).toBe(id);
    expect(offsetOf(param)).toBe(offset);
    expect(backend.stats.copiesOnWrite).toBe(copies + 1);
    expect(Array.from(init.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([init, param, v, grad]);
  });

  it('copies on write correctly when the copy grows the wasm heap (the call table is written again on the new heap)', () => {
    const size = 48 * 1024 * 1024; // 192 MB: its copy cannot fit in the heap as it is
    const init = tf.fill([size], 2);
    const param = tf.variable(init); // shares init's data
    const state = tf.variable(tf.zeros([size]));
    const grad = tf.fill([size], 1);
    const heapBefore = heap().wasm.asm.memory.buffer.byteLength;
    backend.runUpdate({ program, bindings: [[param, grad, state]], scalars });
    expect(heap().wasm.asm.memory.buffer.byteLength, 'the copy grew the heap').toBeGreaterThan(heapBefore);
    // v = 0.5*0 + 1 = 1; p = 2 - 0.1*1, at the first and last element of the new copy.
    const last = size - 1;
    const p = tf.tidy(() => Array.from(tf.gather(param, [0, last]).dataSync()));
    expect(p).toEqual([Math.fround(2 - Math.fround(0.1)), Math.fround(2 - Math.fround(0.1))]);
    expect(tf.tidy(() => Array.from(tf.gather(init, [0, last]).dataSync()))).toEqual([2, 2]);
    tf.dispose([init, param, state, grad]);
  });

  it('never changes a reshape of a variable, two variables made from one tensor, or a grad aliasing a state', () => {
    const base = tf.tensor([1, 2, 3, 4]);
    const a = tf.variable(base);
    const b = tf.variable(base);
    const v = exclusive(tf.zeros([4]));
    const view = tf.reshape(a, [2, 2]); // shares a's data
    const grad = tf.tensor([1, 1, 1, 1]);
    const stateOfB = exclusive(tf.ones([4]));
    const aliasGrad = tf.reshape(stateOfB, [4]); // b's grad is b's own state's data

    backend.runUpdate({
      program,
      bindings: [
        [a, grad, v],
        [b, aliasGrad, stateOfB],
      ],
      scalars,
    });
    expect(Array.from(base.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(view.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(a.dataSync())).toEqual([1, 2, 3, 4].map((x) => Math.fround(x - 0.1)));
    // b reads the old state as its grad: v = 0.5*1 + 1 = 1.5, p = p - 0.15.
    expect(Array.from(stateOfB.dataSync())).toEqual([1.5, 1.5, 1.5, 1.5]);
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4].map((x) => Math.fround(x - Math.fround(0.1 * 1.5))));
    expect(Array.from(aliasGrad.dataSync())).toEqual([1, 1, 1, 1]);
    tf.dispose([base, a, b, v, view, grad, aliasGrad, stateOfB]);
  });
});
