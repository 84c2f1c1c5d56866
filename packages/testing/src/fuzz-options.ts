import { isDescentError } from '@descent/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { expectTypedRejection } from './expect-typed-rejection.js';
import { hostileOptions } from './hostile-values.js';

/** Settings of {@link fuzzOptions}. */
export interface FuzzOptionsSettings<T> {
  /** Samples to try (default 200). */
  readonly numRuns?: number;
  /** Plausible option values, mixed with hostile ones (default: numbers in [0, 1]). */
  readonly plausible?: fc.Arbitrary<unknown>;
  /** Field names a rejection may report besides `known` and `"options"` (e.g. `"mapping"`). */
  readonly fields?: readonly string[];
  /** Every string is a valid key (e.g. a mapping by layer name): a rejection may report any field. */
  readonly anyKey?: boolean;
  /** Called with what `make` returned for every input it accepted, to check it further. */
  readonly accepted?: (made: T) => void;
}

/**
 * Fuzzes a constructor or factory that takes one options object with the known option names
 * `known`: feeds it {@link hostileOptions} and asserts every rejection is a typed Descent error
 * naming the field (see {@link expectTypedRejection}). Nothing may crash or hang.
 *
 * @example
 * ```ts
 * fuzzOptions((o) => new MyOptimizer(o as never), ['learningRate', 'schedule']);
 * ```
 */
export function fuzzOptions<T>(make: (options: unknown) => T, known: readonly string[], settings: FuzzOptionsSettings<T> = {}): void {
  fc.assert(
    fc.property(hostileOptions(known, settings.plausible), (options) => {
      let made: T | undefined;
      const fields = [...known, 'options', ...(settings.fields ?? [])];
      const error = expectTypedRejection(() => (made = make(options)), settings.anyKey ? () => true : fields);
      if (!error && settings.accepted) settings.accepted(made as T);
    }),
    { numRuns: settings.numRuns ?? 200 },
  );
}

/** Settings of {@link fuzzFailingFactory}. */
export interface FuzzFailingFactorySettings {
  /** Plausible option values, mixed with hostile ones (default: numbers in [0, 1]). */
  readonly plausible?: fc.Arbitrary<unknown>;
  /** Samples to try (default 200). */
  readonly numRuns?: number;
  /** What the message of a rejection that names no option must match, e.g. `/WebGPU/`. */
  readonly unnamed: RegExp;
  /** Runs after every rejection, e.g. to check that tfjs is still usable. */
  readonly after?: () => void;
}

/**
 * Fuzzes an async factory that cannot succeed on this machine (a backend without its GPU or
 * native addon) with {@link hostileOptions}: every call must reject with a typed Descent error
 * naming a known option (or calling one unknown), or, naming none, saying what is missing
 * (`settings.unnamed`). Nothing may crash, hang or resolve.
 */
export async function fuzzFailingFactory(make: (options: unknown) => Promise<unknown>, known: readonly string[], settings: FuzzFailingFactorySettings): Promise<void> {
  await fc.assert(
    fc.asyncProperty(hostileOptions(known, settings.plausible), async (options) => {
      const error = await make(options).then(
        () => new Error('resolved, but nothing here can make it succeed'),
        (e: unknown) => e,
      );
      expect(isDescentError(error), String(error)).toBe(true);
      const { option } = error as { option?: string };
      const message = (error as Error).message;
      if (option !== undefined) expect([...known, 'options'].includes(option) || /unknown option/.test(message), message).toBe(true);
      else expect(message).toMatch(settings.unnamed);
      settings.after?.();
    }),
    { numRuns: settings.numRuns ?? 200 },
  );
}
