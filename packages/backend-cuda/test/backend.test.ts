import type { CudaBackend } from '@descent/backend-cuda';
import { BackendError, compileProgram, Expr, InvalidOptionError, type UpdateProgram } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectBitwise, reference } from './helpers.js';
import { standInBackend } from './stand-in.js';

const t = (name: string) => Expr.of({ kind: 'tensor', name });
const s = (name: string) => Expr.of({ kind: 'scalar', name });
const norm = Expr.of({ kind: 'sumOfSquares', name: 'grad' });

/** param -= rate * grad / max(|grad|, 1); m = m * 0.5 + grad. */
const program: UpdateProgram = compileProgram({
  name: 'test',
  tensors: ['param', 'grad', 'm'],
  readOnly: ['grad'],
  scalars: ['rate'],
  outputs: { param: t('param').sub(s('rate').mul(t('grad')).div(norm.sqrt().max(1))), m: t('m').mul(0.5).add(t('grad')) },
});

let cuda: CudaBackend;
beforeAll(async () => {
  cuda = await standInBackend();
});
afterEach(async () => {
  await tf.setBackend('tensorflow');
});

function binding(shape: number[], value = 1): tf.Tensor[] {
  return [tf.variable(tf.fill(shape, value)), tf.fill(shape, 2), tf.variable(tf.fill(shape, 3))];
}
const snapshot = (bindings: tf.Tensor[][]) => bindings.map((b) => b.map((x) => (x.isDisposed ? null : Array.from(x.dataSync()))));
const rate = Float32Array.of(0.1);

describe('a call that cannot run throws a BackendError and writes nothing', () => {
  const cases: [string, () => tf.Tensor[][], RegExp, Float32Array?][] = [
    ['wrong number of scalars', () => [binding([3])], /takes 1 scalars, got 2/, Float32Array.of(1, 2)],
    ['wrong number of tensors in a binding', () => [binding([3]), binding([3]).slice(0, 2)], /binding 1 has 2 tensors, expected 3/],
    ['a gradient of another shape (tfjs would broadcast it)', () => [binding([3]), [tf.variable(tf.ones([3])), tf.ones([1]), tf.variable(tf.ones([3]))]], /grad of param "\d+" must be float32 of shape \[3\], got float32 of shape \[1\]/],
    ['an int32 state', () => [[tf.variable(tf.ones([2])), tf.ones([2]), tf.variable(tf.ones([2], 'int32'))]], /m of param "\d+" must be float32/],
    ['a written slot that is not a Variable', () => [binding([2]), [tf.variable(tf.ones([2])), tf.ones([2]), tf.ones([2])]], /m of param "\d+" is written in place and must be a tf.Variable/],
    ['a disposed tensor', () => {
      const b = binding([2]);
      b[1]!.dispose();
      return [binding([2]), b];
    }, /grad of param "\d+" is disposed/],
  ];
  for (const [label, make, message, scalars] of cases) {
    it(label, () => {
      const bindings = make();
      const before = snapshot(bindings);
      const call = () => cuda.runUpdate({ program, bindings, scalars: scalars ?? rate });
      expect(call).toThrow(BackendError);
      expect(call).toThrow(message);
      expect(snapshot(bindings)).toEqual(before);
      for (const b of bindings) tf.dispose(b.filter((x) => !x.isDisposed));
    });
  }

  it('the active tfjs backend is no longer "tensorflow"', async () => {
    const bindings = [binding([2])];
    const before = snapshot(bindings);
    await tf.setBackend('cpu');
    expect(() => cuda.runUpdate({ program, bindings, scalars: rate })).toThrow(/the active tfjs backend is "cpu", not "tensorflow"/);
    await tf.setBackend('tensorflow');
    expect(snapshot(bindings)).toEqual(before);
    tf.dispose(bindings.flat());
  });

  it('an op failing midway (e.g. out of device memory) leaves every tensor as it was, and leaks nothing', async () => {
    const bindings = [binding([4], 1), binding([3], -2)];
    const before = snapshot(bindings);
    const tensors = tf.memory().numTensors;
    const uploads = cuda.stats.scalarUploads;
    const engine = tf.engine() as unknown as { runKernel: (...a: unknown[]) => unknown };
    const runKernel = engine.runKernel;
    let calls = 0;
    engine.runKernel = function (this: unknown, ...args: unknown[]) {
      if (++calls === 9) throw new Error('stand-in: out of memory');
      return runKernel.apply(this, args);
    };
    try {
      expect(() => cuda.runUpdate({ program, bindings, scalars: rate })).toThrow(/out of memory/);
    } finally {
      engine.runKernel = runKernel;
    }
    expect(snapshot(bindings)).toEqual(before);
    // The only tensors left are the scalars cached before the failure (kept for the next call).
    expect(tf.memory().numTensors - tensors).toBe(cuda.stats.scalarUploads - uploads);
    const data = bindings.map((b) => ({ shape: b[0]!.shape, values: b.map((x) => x.dataSync() as Float32Array) }));
    const expected = await reference(program, data, rate);
    cuda.runUpdate({ program, bindings, scalars: rate });
    bindings.forEach((b, i) => b.forEach((x, k) => expectBitwise(x.dataSync(), expected[i]![k]!, `binding ${i} slot ${k}`)));
    tf.dispose(bindings.flat());
  });
});

describe('settings and bookkeeping', () => {
  it('batchSize is validated', () => {
    expect(() => {
      cuda.batchSize = -1;
    }).toThrow(InvalidOptionError);
    cuda.batchSize = 16;
    expect(cuda.batchSize).toBe(16);
    cuda.batchSize = 1;
  });

  it('a call without bindings does nothing', () => {
    const updates = cuda.stats.updates;
    cuda.runUpdate({ program, bindings: [], scalars: rate });
    expect(cuda.stats.updates).toBe(updates);
  });

  it('keeps cached scalars for at most 64 programs: older ones are freed', async () => {
    const backend = await standInBackend();
    const bindings = [binding([2])];
    const tensors = tf.memory().numTensors;
    const distinct = (i: number) =>
      compileProgram({ name: `p${i}`, tensors: ['param', 'grad', 'm'], readOnly: ['grad'], scalars: ['rate'], outputs: { param: t('param').sub(s('rate').mul(t('grad'))), m: t('m') } });
    for (let i = 0; i < 100; i++) backend.runUpdate({ program: distinct(i), bindings, scalars: rate });
    expect(backend.stats.programs).toBe(100);
    expect(backend.stats.scalarUploads).toBe(100); // "rate" once per program
    expect(tf.memory().numTensors - tensors).toBe(64); // one cached scalar for each of the last 64 programs
    backend.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose(bindings.flat());
  });
});
