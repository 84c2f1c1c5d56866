import type { WasmBackend } from '@descent/backend-wasm';
import { BackendError, defineUpdate, fusePipeline } from '@descent/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

// The backend re-checks dtype, size and Variable-ness only for a tensor it has not met at the
// same place with the same data in its last call. Each test makes a second call in which one
// thing changed in a way such a cache could miss, and requires the full check or the right values.

/** `v = v + g; p = p - 0.5*v` */
const rule = defineUpdate({
  name: 'repeated-calls',
  states: ['v'],
  scalars: ['rate'],
  update: ({ param, grad, v }, s) => {
    const v1 = v.add(grad);
    return { v: v1, param: param.sub(s.rate.mul(v1)) };
  },
});
const program = fusePipeline(rule, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
const scalars = Float32Array.of(1, 0.5); // batchSize, rate
const own = (values: number[]) => tf.tidy(() => tf.variable(tf.tensor(values)));

/** A param holding `values`, its state v (zeros) and a grad of ones, after one step over them. */
function afterOneStep(backend: WasmBackend, values: number[]) {
  const param = own(values);
  const v = own(values.map(() => 0));
  const grad = tf.tensor(values.map(() => 1));
  const step = () => backend.runUpdate({ program, bindings: [[param, grad, v]], scalars });
  step();
  return { param, v, grad, step };
}

describe('repeated calls over the same tensors', () => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend();
  });
  afterAll(() => backend.dispose());

  it('follows a param assigned new data between calls (new dataId, new heap offset)', () => {
    const { param, v, grad, step } = afterOneStep(backend, [1, 2, 3]);
    param.assign(tf.tensor([10, 20, 30]));
    step();
    // v: 1 then 2; the second step starts from the assigned values.
    expect(Array.from(param.dataSync())).toEqual([9, 19, 29]);
    tf.dispose([param, v, grad]);
  });

  it('refuses a param whose data moved to another tfjs backend since the last call', async () => {
    const { param, v, grad, step } = afterOneStep(backend, [1, 2, 3]);
    await tf.setBackend('cpu');
    tf.add(param, 1).dispose(); // runs on cpu: moves param's data off the wasm heap
    await tf.setBackend('wasm');
    const before = Array.from(v.dataSync());
    expect(() => step()).toThrow(BackendError);
    expect(() => step()).toThrow(/param .* does not live in the tfjs "wasm" backend/);
    expect(Array.from(v.dataSync())).toEqual(before);
    tf.dispose([param, v, grad]);
  });

  // A param moved to tfjs-cpu and back to wasm has the same tensor and data id but a new heap
  // offset (its old memory was freed): only the forced free tells the writer to look again.
  const moveOutAndBack = async (tensor: tf.Tensor) => {
    await tf.setBackend('cpu');
    tf.add(tensor, 0).dispose(); // moves the data to cpu (a forced free on wasm)
    await tf.setBackend('wasm');
    tf.add(tensor, 0).dispose(); // moves it back, to newly allocated heap memory
  };

  it('follows a param moved to another tfjs backend and back between calls (new heap offset)', async () => {
    const { param, v, grad, step } = afterOneStep(backend, [1, 2, 3]);
    await moveOutAndBack(param);
    step();
    // v: 1 then 2 → p = x - 0.5 - 1.
    expect(Array.from(param.dataSync())).toEqual([-0.5, 0.5, 1.5]);
    tf.dispose([param, v, grad]);
  });

  it('follows a moved param whose data a reshape shares, and leaves the reshape as it was', async () => {
    const { param, v, grad, step } = afterOneStep(backend, [1, 2, 3]);
    const view = tf.reshape(param, [3]); // shares the data: its record counts 2 references
    await moveOutAndBack(param);
    step();
    expect(Array.from(param.dataSync())).toEqual([-0.5, 0.5, 1.5]);
    expect(Array.from(view.dataSync())).toEqual([0.5, 1.5, 2.5]);
    tf.dispose([param, v, grad, view]);
  });

  it('after a forced free, also looks again at bindings past a shorter call\'s end', async () => {
    const a = own([1, 2]);
    const b = own([5, 6]);
    const va = own([0, 0]);
    const vb = own([0, 0]);
    const grad = tf.tensor([1, 1]);
    backend.runUpdate({ program, bindings: [[a, grad, va], [b, grad, vb]], scalars });
    await moveOutAndBack(b);
    backend.runUpdate({ program, bindings: [[a, grad, va]], scalars });
    backend.runUpdate({ program, bindings: [[a, grad, va], [b, grad, vb]], scalars });
    // vb: 1 then 2 → b = x - 0.5 - 1.
    expect(Array.from(b.dataSync())).toEqual([3.5, 4.5]);
    tf.dispose([a, b, va, vb, grad]);
  });

  it('copies a param and a state before writing when tensors took their data after the last call', () => {
    const { param, v, grad, step } = afterOneStep(backend, [1, 2, 3]);
    const views = [tf.reshape(param, [3]), tf.reshape(v, [1, 3])]; // each shares a written slot's data
    const copies = backend.stats.copiesOnWrite;
    step();
    expect(backend.stats.copiesOnWrite - copies).toBe(2);
    expect(Array.from(param.dataSync())).toEqual([-0.5, 0.5, 1.5]);
    expect(Array.from(v.dataSync())).toEqual([2, 2, 2]);
    // The views keep the values they were taken with.
    expect(Array.from(views[0]!.dataSync())).toEqual([0.5, 1.5, 2.5]);
    expect(Array.from(views[1]!.dataSync())).toEqual([1, 1, 1]);
    tf.dispose([param, v, grad, ...views]);
  });

  it('checks a tensor again when another program puts it at the same place in a written slot', () => {
    // Two states: slots [param, grad, v, w]; the one-state program above has [param, grad, v].
    const twoStates = fusePipeline(
      defineUpdate({
        name: 'two-states',
        states: ['v', 'w'],
        scalars: [],
        update: ({ param, grad, v, w }) => ({ v: v.add(grad), w: w.add(grad), param: param.sub(grad) }),
      }),
      { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false },
    );
    const tensors = Array.from({ length: 8 }, () => own([1, 2]));
    const grads = [tf.tensor([1, 1]), tf.tensor([1, 1])];
    // Call table index 5: the grad of binding 1 here (read only)...
    backend.runUpdate({
      program: twoStates,
      bindings: [[tensors[0]!, grads[0]!, tensors[1]!, tensors[2]!], [tensors[3]!, grads[1]!, tensors[4]!, tensors[5]!]],
      scalars: Float32Array.of(1),
    });
    // ...and the state v of binding 1 there (written in place): grads[1] is no Variable.
    const before = Array.from(grads[1]!.dataSync());
    expect(() =>
      backend.runUpdate({ program, bindings: [[tensors[6]!, grads[0]!, tensors[7]!], [tensors[3]!, tensors[0]!, grads[1]!]], scalars }),
    ).toThrow(/v of param .* is written in place and must be a tf.Variable/);
    expect(Array.from(grads[1]!.dataSync())).toEqual(before);
    tf.dispose([...tensors, ...grads]);
  });

  it('refuses a state replaced by a reshape of itself (same data, not a Variable)', () => {
    const { param, v, grad } = afterOneStep(backend, [1, 2, 3, 4]);
    const view = tf.reshape(v, [4]);
    expect(() => backend.runUpdate({ program, bindings: [[param, grad, view]], scalars })).toThrow(/is written in place and must be a tf.Variable/);
    tf.dispose([param, v, grad, view]);
  });

  it('checks sizes again when a binding\'s param changes but a state stays', () => {
    const small = own([1, 2]);
    const large = own([1, 2, 3, 4]);
    const v = own([0, 0]);
    const grad2 = tf.tensor([1, 1]);
    const grad4 = tf.tensor([1, 1, 1, 1]);
    backend.runUpdate({ program, bindings: [[small, grad2, v]], scalars });
    expect(() => backend.runUpdate({ program, bindings: [[large, grad4, v]], scalars })).toThrow(/must be float32 with 4 elements, got float32 with 2/);
    tf.dispose([small, large, v, grad2, grad4]);
  });

  it('checks a new grad in full each call (another dtype, a disposed one)', () => {
    const { param, v, grad, step } = afterOneStep(backend, [1, 2]);
    const ints = tf.tensor([1, 1], [2], 'int32');
    expect(() => backend.runUpdate({ program, bindings: [[param, ints, v]], scalars })).toThrow(/grad of param .* must be float32/);
    grad.dispose();
    expect(() => step()).toThrow(/is disposed/);
    tf.dispose([param, v, ints]);
  });

  it('uses new grads at every call and swapped bindings at their new places', () => {
    const a = own([1, 2]);
    const b = own([5, 6]);
    const va = own([0, 0]);
    const vb = own([0, 0]);
    const grads = [[1, 1], [2, 2], [4, 4], [3, 3]].map((g) => tf.tensor(g));
    backend.runUpdate({ program, bindings: [[a, grads[0]!, va], [b, grads[1]!, vb]], scalars });
    backend.runUpdate({ program, bindings: [[b, grads[2]!, vb], [a, grads[3]!, va]], scalars });
    // va: 1, 4 → a = x - 0.5 - 2; vb: 2, 6 → b = x - 1 - 3.
    expect(Array.from(a.dataSync())).toEqual([-1.5, -0.5]);
    expect(Array.from(b.dataSync())).toEqual([1, 2]);
    tf.dispose([a, b, va, vb, ...grads]);
  });
});
