import fc from 'fast-check';
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
