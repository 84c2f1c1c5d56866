import { evaluateProgramOps, type UpdateProgram } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createBackend, type WasmBackend } from '@descent/backend-wasm';
import { expect } from 'vitest';

/** Input values of one binding: one array per program tensor slot, all of one shape. */
export interface BindingData {
  readonly shape: readonly number[];
  readonly values: readonly Float32Array[];
}

const quiet = (() => {
  // tfjs prints an advertisement for tfjs-node once; keep test output readable.
  const original = console.log;
  return async <T>(run: () => Promise<T>): Promise<T> => {
    console.log = () => {};
    try {
      return await run();
    } finally {
      console.log = original;
    }
  };
})();

/** Creates a wasm backend (and makes tfjs' `wasm` backend active). */
export function wasmBackend(options?: Parameters<typeof createBackend>[0]): Promise<WasmBackend> {
  return quiet(() => createBackend(options));
}

/**
 * The reference: core's ops evaluator on tfjs-backend-cpu (which computes each float32 op in
 * double and rounds once, sums in double, and has Math.max/min NaN semantics). Uniform outputs
 * (a scalar result) are broadcast to the binding's shape, which is what a backend writes.
 * Returns, per binding, the new value of every tensor slot (unwritten slots unchanged).
 */
export async function reference(program: UpdateProgram, data: readonly BindingData[], scalars: Float32Array): Promise<Float32Array[][]> {
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    return tf.tidy(() => {
      const bindings = data.map((d) => d.values.map((v) => tf.tensor(v, d.shape as number[], 'float32')));
      const results = evaluateProgramOps(program, bindings, scalars);
      return data.map((d, b) => {
        const slots: Float32Array[] = d.values.map((v) => Float32Array.from(v));
        program.outputs.forEach((output, o) => {
          const result = results[b]![o]!;
          // A uniform output is a scalar; a backend writes it to every element (if any).
          slots[output.slot] = sizeOf(d.shape) === 0 ? new Float32Array(0) : (tf.broadcastTo(result, d.shape as number[]).dataSync() as Float32Array);
        });
        return slots;
      });
    });
  } finally {
    await tf.setBackend(previous);
  }
}

/**
 * Runs `program` on `backend` over fresh wasm tensors holding `data` (read-only slots as plain
 * tensors, the others as Variables), returns every slot's values afterwards, and frees them.
 */
export function runOn(backend: WasmBackend, program: UpdateProgram, data: readonly BindingData[], scalars: Float32Array): Float32Array[][] {
  const written = new Set(program.outputs.map((o) => o.slot));
  const bindings = data.map((d) =>
    d.values.map((v, k) => {
      const tensor = tf.tensor(v, d.shape as number[], 'float32');
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
export function expectBitwise(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (!Object.is(a, e)) {
      expect.fail(`${what}[${i}]: got ${show(a)}, expected ${show(e)} (bitwise)`);
    }
  }
}

/**
 * `|a - e| <= rtol * |e| + atol` elementwise (NaN only matches NaN, infinities exactly).
 * `atol` is a floor relative to the tensor's scale, see the callers for why it is needed.
 */
export function expectClose(actual: Float32Array, expected: Float32Array, what: string, rtol: number, atol: number): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) expect.fail(`${what}[${i}]: got ${a}, expected ${e}`);
      continue;
    }
    if (!(Math.abs(a - e) <= rtol * Math.abs(e) + atol)) {
      expect.fail(`${what}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${rtol}*|e| + ${atol})`);
    }
  }
}

/** Largest finite magnitude in some arrays (the scale an absolute tolerance floor refers to). */
export function scaleOf(...arrays: readonly Float32Array[]): number {
  let m = 0;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** A deterministic pseudo-random float32 source (mulberry32). */
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

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
