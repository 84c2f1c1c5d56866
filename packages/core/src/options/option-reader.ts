import { InvalidOptionError } from '../errors.js';

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

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Reads one options object for one owner (e.g. `"Adam"`), validating every field before the
 * owner keeps anything: unknown keys (typos) and bad values are typed errors naming the option.
 */
export class OptionReader {
  /** Who reads the options, for messages (e.g. `"Adam"`). */
  readonly owner: string;
  private readonly options: Readonly<Record<string, unknown>>;

  constructor(owner: string, options: unknown, known: readonly string[]) {
    this.owner = owner;
    if (options === undefined || options === null) {
      this.options = {};
      return;
    }
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw new InvalidOptionError('options', `${owner}: options must be an object, got ${describe(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) {
        throw new InvalidOptionError(
          key,
          `${owner}: unknown option "${key}"; known options are ${known.map((k) => `"${k}"`).join(', ')}`,
        );
      }
    }
    this.options = options as Record<string, unknown>;
  }

  /** The raw value of an option (already checked to be a known key). */
  raw(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.options, name) ? this.options[name] : undefined;
  }

  /** Throws an {@link InvalidOptionError} naming `name`. */
  fail(name: string, requirement: string, value: unknown = this.raw(name)): never {
    throw new InvalidOptionError(name, `${this.owner}: option "${name}" must be ${requirement}, got ${describe(value)}`);
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
