import { InvalidOptionError } from '../errors.js';
import { describeValue } from './describe-value.js';

/** The longest list an option may hold (e.g. a schedule's `stepConfig`); longer is an error, not a hang. */
export const MAX_OPTION_LIST_LENGTH = 65_536;

/** The message of something thrown, read without letting a hostile error throw again. */
export function thrownMessage(error: unknown): string {
  try {
    if (error instanceof Error && typeof error.message === 'string') return error.message;
  } catch {
    // a Proxy posing as an error: describe it instead
  }
  return describeValue(error);
}

function unreadable(owner: string, field: string, error: unknown): InvalidOptionError {
  const what = field === 'options' ? 'the options object' : `option "${field}"`;
  return new InvalidOptionError(field, `${owner}: could not read ${what}: ${thrownMessage(error)}`, { cause: error });
}

/** A copy of a list, read element by element (so a Proxy or getter runs once per element). */
function copyList(owner: string, key: string, list: readonly unknown[]): unknown[] {
  const length = list.length;
  if (!(length <= MAX_OPTION_LIST_LENGTH)) {
    throw new InvalidOptionError(
      key,
      `${owner}: option "${key}" must be a list of at most ${MAX_OPTION_LIST_LENGTH} entries, got ${describeValue(length)}`,
    );
  }
  const copy = new Array<unknown>(length);
  for (let i = 0; i < length; i++) copy[i] = list[i];
  return copy;
}

/**
 * Snapshots an options object: its own enumerable string keys, each checked against `known`
 * (any key when `known` is undefined) and read once; list values copied. Absent (`undefined`/`null`) options give an empty
 * snapshot. Every failure, including a throwing getter or Proxy trap, is an
 * `InvalidOptionError` naming the field (or `"options"`). The snapshot has no prototype.
 */
export function readOwnFields(owner: string, options: unknown, known?: readonly string[]): Readonly<Record<string, unknown>> {
  const snapshot: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (options === undefined || options === null) return snapshot;
  let keys: string[];
  try {
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw new InvalidOptionError('options', `${owner}: options must be an object, got ${describeValue(options)}`);
    }
    keys = Object.keys(options);
  } catch (error) {
    if (error instanceof InvalidOptionError) throw error;
    throw unreadable(owner, 'options', error);
  }
  for (const key of keys) {
    if (known && !known.includes(key)) {
      throw new InvalidOptionError(
        key,
        `${owner}: unknown option ${describeValue(key)}; known options are ${known.map((k) => `"${k}"`).join(', ')}`,
      );
    }
  }
  for (const key of keys) {
    try {
      const value = (options as Record<string, unknown>)[key];
      snapshot[key] = Array.isArray(value) ? copyList(owner, key, value) : value;
    } catch (error) {
      if (error instanceof InvalidOptionError) throw error;
      throw unreadable(owner, key, error);
    }
  }
  return snapshot;
}
