import { expect } from 'vitest';

/** An elementwise tolerance: `|actual - expected| <= relative*|expected| + absolute`. */
export interface Tolerance {
  /** Allowed error per unit of the expected value's magnitude. */
  readonly relative: number;
  /** Allowed error on top, for values that cancel to near zero. */
  readonly absolute: number;
}

/**
 * float32 results against float64 references over ~20 steps: each element sees a few dozen
 * float32 roundings (relative 6e-8 each), so agreement to ~1e-5 relative is expected; the
 * absolute floor covers values that cancel to near zero, where relative error means nothing.
 */
export const TOLERANCE: Tolerance = { relative: 1e-5, absolute: 1e-6 };

/** Asserts `actual` is within `tol` of `expected` elementwise, naming the first miss. */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], label: string, tol: Tolerance = TOLERANCE): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const bound = tol.relative * Math.abs(e) + tol.absolute;
    if (!(Math.abs(a - e) <= bound)) {
      expect.fail(`${label}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${bound})`);
    }
  }
}

/** Largest `|actual - expected|` over every element of two nested lists. */
export function maxDifference(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[]): number {
  let max = 0;
  actual.forEach((row, i) => row.forEach((a, j) => (max = Math.max(max, Math.abs(a - expected[i]![j]!)))));
  return max;
}
