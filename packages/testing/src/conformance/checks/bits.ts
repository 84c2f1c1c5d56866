import { expect } from 'vitest';
import type { RunValues } from '../run.js';

/** The values of a float32 array as their bit patterns (so NaN payloads, -0 and +0 differ). */
function bitsOf(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

/** Fails naming the first element whose bits differ. */
export function expectBitIdentical(actual: Float32Array, expected: Float32Array, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const a = bitsOf(actual);
  const e = bitsOf(expected);
  for (let i = 0; i < e.length; i++) {
    if (a[i] !== e[i]) expect.fail(`${label}[${i}]: ${actual[i]} is not bit-identical to ${expected[i]}`);
  }
}

/** Every param and state of `actual` bit-identical to `expected`, and the same state counts. */
export function expectSameValues(actual: RunValues, expected: RunValues, label: string): void {
  expect(actual.params.length, `${label}: param count`).toBe(expected.params.length);
  expected.params.forEach((param, i) => {
    expectBitIdentical(actual.params[i]!, param, `${label}, tensor ${i}, param`);
    expect(actual.states[i]!.length, `${label}, tensor ${i}: state count`).toBe(expected.states[i]!.length);
    expected.states[i]!.forEach((state, k) => expectBitIdentical(actual.states[i]![k]!, state, `${label}, tensor ${i}, state ${k}`));
  });
}
