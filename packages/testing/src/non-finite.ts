import type { Optimizer } from '@descent/core';
import type * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { randomValues, seeded, sizeOf } from './seeded.js';
import { TestModel } from './test-model.js';

/** Settings of {@link expectSkipNonFinite}. */
export interface SkipNonFiniteOptions {
  /** Makes the optimizer under test, with `skipNonFinite` on or off. */
  readonly make: (skipNonFinite: boolean) => Optimizer;
  /** How many steps the optimizer made with `skipNonFinite` has skipped (e.g. `o => o.skippedSteps`). */
  readonly skipped: (optimizer: Optimizer) => Promise<number>;
  /** The entry whose gradient gets the non-finite element. */
  readonly k: number;
  /** The non-finite value: NaN, Infinity or -Infinity. */
  readonly bad: number;
  /** Param shapes (default five small ones; the first in a plain layer, the rest nested). */
  readonly shapes?: readonly (readonly number[])[];
  /**
   * The entries the skipped call must leave bit-identical (default: all). A MultiOptimizer
   * group is its own call: only the group holding entry k is skipped.
   */
  readonly untouched?: readonly number[];
}

async function bits(tensors: readonly tf.Tensor[]): Promise<Uint32Array[]> {
  return Promise.all(tensors.map(async (t) => new Uint32Array(Float32Array.from(await t.data()).buffer)));
}

/**
 * Checks `skipNonFinite` on the active backends:
 * 1. on finite gradients, an optimizer with it gives bit for bit the results of one without;
 * 2. a call with `bad` in the last element of entry k's gradient writes nothing (every param
 *    and state bit-identical, no state list changed) and is counted as skipped;
 * 3. the next finite call writes again, and is not counted.
 */
export async function expectSkipNonFinite(options: SkipNonFiniteOptions): Promise<void> {
  const { make, skipped, k, bad, shapes = [[3], [2, 2], [5], [], [1, 3]] } = options;
  const untouched = options.untouched ?? shapes.map((_, i) => i);
  const next = seeded(31 + k);
  const initial = shapes.map((shape) => randomValues(next, sizeOf(shape), 1));
  const finite = [0, 1, 2].map(() => shapes.map((shape) => randomValues(next, sizeOf(shape), 1)));
  const models = [new TestModel(shapes, initial), new TestModel(shapes, initial)];
  const [guarded, plain] = [make(true), make(false)];
  const all = (m: TestModel) => [...m.params, ...m.states.flat()];
  const kept = (m: TestModel) => untouched.flatMap((i) => [m.params[i]!, ...m.states[i]!]);
  try {
    for (const grads of finite.slice(0, 2)) {
      models.forEach((m) => m.setGrads(grads));
      guarded.optimize(models[0]!.layers, 0);
      plain.optimize(models[1]!.layers, 0);
    }
    expect(await bits(all(models[0]!)), 'finite steps: same bits with and without skipNonFinite').toEqual(await bits(all(models[1]!)));
    expect(await skipped(guarded)).toBe(0);

    const model = models[0]!;
    const before = await bits(kept(model));
    const params = await bits(model.params);
    const lengths = model.states.map((s) => s.length);
    const poisoned = finite[2]!.map((g) => [...g]);
    const target = poisoned[k]!;
    if (target.length === 0) throw new Error(`entry ${k} has no elements to poison`);
    target[target.length - 1] = bad;
    model.setGrads(poisoned);
    guarded.optimize(model.layers, 1);
    expect(model.states.map((s) => s.length)).toEqual(lengths);
    expect(await bits(kept(model)), `a ${bad} at entry ${k}: something was written`).toEqual(before);
    expect(await skipped(guarded), 'the skip was counted').toBe(1);

    model.setGrads(finite[2]!);
    guarded.optimize(model.layers, 1);
    expect(await bits(model.params), 'the next finite call writes').not.toEqual(params);
    expect(await skipped(guarded), 'a finite call is not counted').toBe(1);
  } finally {
    guarded.dispose();
    plain.dispose();
    models.forEach((m) => m.dispose());
  }
}
