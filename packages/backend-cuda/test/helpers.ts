import type { CudaBackend } from '@descent/backend-cuda';
import { evaluateProgramOps, type UpdateProgram } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Input values of one binding: one array per program tensor slot, all of one shape. */
export interface BindingData {
  readonly shape: readonly number[];
  readonly values: readonly Float32Array[];
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * The reference: core's evaluator (`evaluateProgramOps`) on tfjs-backend-cpu. Its results are
 * read before anything is written (the semantics of a program: every element is read before
 * any is written), and uniform (0-d) results are broadcast to the binding's shape, which is
 * what a backend writes. Returns, per binding, every slot's new values.
 */
export async function reference(program: UpdateProgram, data: readonly BindingData[], scalars: Float32Array): Promise<Float32Array[][]> {
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  (tf.backend() as unknown as { firstUse: boolean }).firstUse = false; // its "install tfjs-node" notice
  try {
    return tf.tidy(() => {
      const bindings = data.map((d) => d.values.map((v) => tf.tensor(v, [...d.shape], 'float32')));
      const results = evaluateProgramOps(program, bindings, scalars);
      return data.map((d, b) => {
        const slots: Float32Array[] = d.values.map((v) => Float32Array.from(v));
        program.outputs.forEach((output, o) => {
          // (tfjs' broadcastTo turns a 0-d value into shape [1] for an empty shape.)
          if (sizeOf(d.shape) === 0) return;
          slots[output.slot] = tf.broadcastTo(results[b]![o]!, [...d.shape]).dataSync() as Float32Array;
        });
        return slots;
      });
    });
  } finally {
    await tf.setBackend(previous);
  }
}

/**
 * Runs `program` once on `backend` over fresh tensors holding `data` (written slots as
 * Variables), created on the active tfjs backend; returns every slot's values afterwards.
 */
export function runOn(backend: CudaBackend, program: UpdateProgram, data: readonly BindingData[], scalars: Float32Array): Float32Array[][] {
  const written = new Set(program.outputs.map((o) => o.slot));
  const bindings = data.map((d) =>
    d.values.map((v, k) => {
      const tensor = tf.tensor(v, [...d.shape], 'float32');
      if (!written.has(k)) return tensor;
      const variable = tf.variable(tensor);
      tensor.dispose();
      return variable;
    }),
  );
  try {
    backend.runUpdate({ program, bindings, scalars });
    return bindings.map((tensors) => tensors.map((t) => t.dataSync() as Float32Array));
  } finally {
    for (const tensors of bindings) for (const t of tensors) t.dispose();
  }
}

const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** Bit-exact equality of float32 arrays (any NaN equals any NaN; -0 differs from +0). */
export function expectBitwise(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (!Object.is(a, e)) expect.fail(`${what}[${i}]: got ${show(a)}, expected ${show(e)} (bitwise)`);
  }
}

/** `|a - e| <= rtol * |e| + atol` elementwise; NaN only matches NaN, infinities exactly. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol: number, atol: number): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) expect.fail(`${what}[${i}]: got ${a}, expected ${e}`);
      continue;
    }
    if (!(Math.abs(a - e) <= rtol * Math.abs(e) + atol)) {
      expect.fail(`${what}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${rtol}*|e| + ${atol})`);
    }
  }
}

/** A deterministic pseudo-random source on [0, 1) (mulberry32), so a failure replays from its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
