import { expect } from 'vitest';
import { expectClose, type Tolerance } from '../../expect-close.js';
import type { RunValues } from '../run.js';
import { expectSameValues } from './bits.js';

/**
 * Checks that two backends' results of the same run agree within `tolerance`, the second
 * taken as the expected values: same tensors, same state counts, every element close.
 */
export function checkCrossBackend(label: string, actual: RunValues, expected: RunValues, tolerance: Tolerance): void {
  expect(actual.params.length, `${label}: param count`).toBe(expected.params.length);
  expected.params.forEach((param, i) => {
    expectClose(actual.params[i]!, Array.from(param), `${label}, tensor ${i}, param`, tolerance);
    expect(actual.states[i]!.length, `${label}, tensor ${i}: state count`).toBe(expected.states[i]!.length);
    expected.states[i]!.forEach((state, k) => expectClose(actual.states[i]![k]!, Array.from(state), `${label}, tensor ${i}, state ${k}`, tolerance));
  });
}

/**
 * Two runs that must give the same result on one backend: bit-identical where the backend is
 * deterministic, else (WebGPU's norm reduction) within `tolerance`.
 */
export function expectRepeatable(label: string, actual: RunValues, expected: RunValues, deterministic: boolean, tolerance: Tolerance): void {
  if (deterministic) expectSameValues(actual, expected, label);
  else checkCrossBackend(`${label} (within tolerance: this backend is not bit-reproducible)`, actual, expected, tolerance);
}
