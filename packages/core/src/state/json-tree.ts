import { StateError } from '../errors.js';
import { entryPath, fieldPath, showPath } from './state-path.js';

/** Keys refused anywhere in a document (JSON.parse makes them own properties). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Documents nest a few levels per composite optimizer; anything deeper is refused. */
export const MAX_STATE_DEPTH = 64;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return `a ${typeof value}`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function visit(value: unknown, path: string, depth: number): void {
  if (depth > MAX_STATE_DEPTH) throw new StateError(path, `${showPath(path)} nests deeper than ${MAX_STATE_DEPTH} levels`);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new StateError(path, `${showPath(path)} is ${value}; JSON numbers are finite`);
    return;
  }
  if (typeof value !== 'object') throw new StateError(path, `${showPath(path)} is ${describe(value)}, not a JSON value`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(value, i)) throw new StateError(fieldPath(path, i), `${fieldPath(path, i)} is missing (a hole)`);
      visit(value[i], fieldPath(path, i), depth + 1);
    }
    return;
  }
  if (!isPlainObject(value)) throw new StateError(path, `${showPath(path)} is not a plain JSON object`);
  if (Object.getOwnPropertySymbols(value).length > 0) throw new StateError(path, `${showPath(path)} has symbol keys`);
  for (const key of Object.getOwnPropertyNames(value)) {
    const at = FORBIDDEN_KEYS.has(key) ? entryPath(path, key) : fieldPath(path, key);
    if (FORBIDDEN_KEYS.has(key)) throw new StateError(at, `${at}: the key "${key}" is not allowed in saved state`);
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if (!('value' in descriptor)) throw new StateError(at, `${at} is an accessor, not a JSON value`);
    if (!descriptor.enumerable) throw new StateError(at, `${at} is not enumerable, not a JSON value`);
    visit(descriptor.value, at, depth + 1);
  }
}

/**
 * Checks that `value` is a plain JSON tree (what `JSON.parse` returns): null, booleans,
 * finite numbers, strings, arrays without holes and plain objects without accessors, at most
 * {@link MAX_STATE_DEPTH} deep, with no `__proto__`, `constructor` or `prototype` key
 * anywhere. Anything else, including an object that throws when read, is a `StateError`.
 */
export function checkJsonTree(value: unknown, path = ''): void {
  try {
    visit(value, path, 0);
  } catch (error) {
    if (error instanceof StateError) throw error;
    throw new StateError(path, `${showPath(path)} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A plain object's own value at `key` (the tree was checked by {@link checkJsonTree}). */
export function own(object: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/**
 * Checks that `value` is an object with exactly the `required` keys plus any of `optional`,
 * and returns it as a record.
 */
export function readObject(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StateError(path, `${showPath(path)} must be an object, got ${describe(value)}`);
  }
  for (const key of required) {
    if (own(value, key) === undefined) throw new StateError(fieldPath(path, key), `${fieldPath(path, key)} is missing`);
  }
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) {
      throw new StateError(fieldPath(path, key), `${fieldPath(path, key)} is not a field of saved state (expected ${[...required, ...optional].join(', ')})`);
    }
  }
  return value as Record<string, unknown>;
}

/** Checks that `value` is an object (a dictionary keyed by names) and returns it. */
export function readDictionary(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StateError(path, `${showPath(path)} must be an object keyed by name, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Checks that `value` is an array and returns it. */
export function readArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new StateError(path, `${showPath(path)} must be an array, got ${describe(value)}`);
  return value;
}
