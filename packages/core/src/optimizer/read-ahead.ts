import type { Tensor } from '@tensorflow/tfjs-core';
import type { ParamEntry } from '../layer.js';

/**
 * Reads the states of `entries` (and `counter`) with `await tensor.data()`, which leaves the
 * values cached on the CPU, so that `getState` can then read them synchronously on every tfjs
 * backend. Anything that is not a live tensor is skipped: `getState` reports it, typed.
 */
export async function readAhead(entries: readonly ParamEntry[], counter: Tensor | undefined): Promise<void> {
  const tensors: Tensor[] = [];
  for (const entry of entries) {
    const states: readonly unknown[] = Array.isArray(entry?.states) ? entry.states : [];
    for (const state of states) {
      const t = state as Tensor | undefined;
      if (typeof t?.data === 'function' && !t.isDisposed) tensors.push(t);
    }
  }
  if (counter && !counter.isDisposed) tensors.push(counter);
  await Promise.all(tensors.map((t) => t.data()));
}
