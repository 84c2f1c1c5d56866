import { InvalidOptionError } from '../errors.js';
import { describeValue } from './describe-value.js';
import { readOwnFields } from './read-own-fields.js';

/** Bounds for {@link OptionReader.number}. */
export interface NumberBounds {
  /** Used when the option is absent (undefined); without it the option is required. */
  readonly default?: number;
  /** The smallest value allowed (see `minExclusive`). */
  readonly min?: number;
  /** The largest value allowed (see `maxExclusive`). */
  readonly max?: number;
  /** Excludes `min` itself. */
  readonly minExclusive?: boolean;
  /** Excludes `max` itself. */
  readonly maxExclusive?: boolean;
  /** Requires an integer. */
  readonly integer?: boolean;
}

/**
 * Reads one options object for one owner (e.g. `"Adam"`), validating every field before the
 * owner keeps anything: unknown keys (typos) and bad values are typed errors naming the option.
 *
 * Hostile input: the object is read once, at construction, into a private snapshot: only its
 * own enumerable string keys count (inherited properties, e.g. a polluted `Object.prototype`,
 * are ignored; a `__proto__`, `constructor` or `prototype` key made by `JSON.parse` is an
 * unknown option), each getter runs exactly once, lists are copied (at most
 * `MAX_OPTION_LIST_LENGTH` entries), and a getter or Proxy trap that throws becomes an
 * {@link InvalidOptionError} naming the option, with the original error as its `cause`.
 */
export class OptionReader {
  /** Who reads the options, for messages (e.g. `"Adam"`). */
  readonly owner: string;
  private readonly options: Readonly<Record<string, unknown>>;

  constructor(owner: string, options: unknown, known: readonly string[]) {
    this.owner = owner;
    this.options = readOwnFields(owner, options, known);
  }

  /** The value of an option as given (undefined when absent); lists are copies. */
  raw(name: string): unknown {
    return this.options[name];
  }

  /** Throws an {@link InvalidOptionError} naming `name`. */
  fail(name: string, requirement: string, value: unknown = this.raw(name)): never {
    throw new InvalidOptionError(name, `${this.owner}: option "${name}" must be ${requirement}, got ${describeValue(value)}`);
  }

  /** A finite number within bounds. */
  number(name: string, bounds: NumberBounds = {}): number {
    const value = this.raw(name) ?? bounds.default;
    const parts: string[] = [bounds.integer ? 'an integer' : 'a finite number'];
    if (bounds.min !== undefined) parts.push(`${bounds.minExclusive ? '>' : '>='} ${bounds.min}`);
    if (bounds.max !== undefined) parts.push(`${bounds.maxExclusive ? '<' : '<='} ${bounds.max}`);
    const requirement = parts.join(' ');
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(name, requirement, value);
    if (bounds.integer && !Number.isInteger(value)) this.fail(name, requirement, value);
    if (bounds.min !== undefined && (bounds.minExclusive ? value <= bounds.min : value < bounds.min)) {
      this.fail(name, requirement, value);
    }
    if (bounds.max !== undefined && (bounds.maxExclusive ? value >= bounds.max : value > bounds.max)) {
      this.fail(name, requirement, value);
    }
    return value;
  }

  /** A boolean, `fallback` when absent. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name) ?? fallback;
    if (typeof value !== 'boolean') this.fail(name, 'a boolean');
    return value;
  }

  /**
   * A clipping limit as neon reads it: absent, `null` or `0` disables it (undefined); any
   * other finite number is used by magnitude, as neon clips to `[-|c|, |c|]`.
   */
  clipLimit(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null || value === 0) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(name, 'a finite number, or 0/null to disable it', value);
    }
    return Math.abs(value);
  }
}
