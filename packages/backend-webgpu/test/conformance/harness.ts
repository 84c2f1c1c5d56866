import { type Backend, createOpsBackend, setBackend } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';

/** What every conformance check gets: the backend under test (tfjs is on "webgpu"). */
export interface ConformanceContext {
  readonly backend: Backend;
}

/** One check, run the same way in Node (Dawn) and in Chromium. Throws on failure. */
export interface Check {
  readonly name: string;
  run(ctx: ConformanceContext): Promise<void>;
}

/** A run of steps that the harness performs once on the reference and once on WebGPU. */
export interface Scenario<S> {
  /** Creates the tensors, on the active tfjs backend. */
  setup(): S;
  /** Step `k` (0-based); may read tensors (asynchronously) around the step. */
  step(state: S, k: number): void | Promise<void>;
  /** The tensors to compare, in a fixed order. */
  read(state: S): Promise<Float32Array[]>;
  dispose(state: S): void;
}

/** Deterministic uniform numbers in [-scale, scale) (mulberry32). */
export function seededValues(seed: number, count: number, scale = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** A float32 Variable of `shape` holding `values`, owning its data (no shared data id). */
export function variableOf(values: Float32Array, shape: number[], name?: string): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true, name));
}

/** Reads tensors (a readback: never inside a counted step). */
export async function readAll(tensors: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(tensors.map(async (t) => (await t.data()) as Float32Array));
}

/**
 * Runs `scenario` for `steps` steps on core's evaluator (the tfjs-ops backend on tfjs's
 * "cpu" backend), then on the WebGPU backend, and returns both results.
 */
export async function onReferenceAndWebGPU<S>(
  ctx: ConformanceContext,
  scenario: Scenario<S>,
  steps: number,
  batchSize = 1,
): Promise<{ reference: Float32Array[]; webgpu: Float32Array[] }> {
  const results: Float32Array[][] = [];
  for (const side of ['cpu', 'webgpu'] as const) {
    if (!(await tf.setBackend(side))) throw new Error(`tf.setBackend('${side}') failed`);
    const backend = side === 'cpu' ? createOpsBackend() : ctx.backend;
    backend.batchSize = batchSize;
    setBackend(backend);
    const state = scenario.setup();
    try {
      for (let k = 0; k < steps; k++) await scenario.step(state, k);
      results.push(await scenario.read(state));
    } finally {
      scenario.dispose(state);
      backend.batchSize = 1;
    }
  }
  return { reference: results[0]!, webgpu: results[1]! };
}

/**
 * Throws unless |actual - expected| <= rel * |expected| + abs for every element, with the
 * first failing element named. `abs` may be per element.
 */
export function expectClose(
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel: number,
  abs: number | ArrayLike<number>,
): void {
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const floor = typeof abs === 'number' ? abs : abs[i]!;
    if (!(Math.abs(a - e) <= rel * Math.abs(e) + floor)) {
      throw new Error(`${label}: element ${i}: webgpu ${a}, reference ${e} (allowed ${rel} relative + ${floor})`);
    }
  }
}

/** Compares every result array of a scenario (1e-5 relative + `abs`, see the README). */
export function expectAllClose(label: string, got: { reference: Float32Array[]; webgpu: Float32Array[] }, abs = 1e-6): void {
  if (got.reference.length !== got.webgpu.length) throw new Error(`${label}: different numbers of results`);
  got.reference.forEach((ref, i) => expectClose(`${label}, result ${i}`, got.webgpu[i]!, ref, 1e-5, abs));
}

/** Throws `message` unless `condition`. */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
