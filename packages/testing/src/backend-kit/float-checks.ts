import { expect } from 'vitest';

const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/**
 * Bit-exact equality of float32 values, naming the first difference: -0 differs from +0, and
 * any NaN equals any NaN (backends and tfjs may produce different NaN payloads).
 */
export function expectFloatsBitwise(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (!Object.is(a, e)) expect.fail(`${what}[${i}]: got ${show(a)}, expected ${show(e)} (bitwise)`);
  }
}

/**
 * `|a - e| <= rtol * |e| + atol` elementwise, naming the first miss; a NaN or infinite expected
 * value must be matched exactly (any NaN for NaN).
 */
export function expectFloatsClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol: number, atol: number): void {
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

/** The largest finite magnitude in some arrays (the scale an absolute tolerance floor refers to). */
export function finiteScale(...arrays: readonly ArrayLike<number>[]): number {
  let m = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]!)) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
