import { StateError } from '../errors.js';
import { fieldPath } from './state-path.js';

/**
 * Checks saved step counters: exactly the `expected` names, each a finite number (a JSON
 * tree was already checked, so numbers are finite). Returns a copy.
 */
export function checkCounterValues(counters: Readonly<Record<string, unknown>>, expected: readonly string[], path: string, owner: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const name of expected) {
    const value = Object.prototype.hasOwnProperty.call(counters, name) ? counters[name] : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new StateError(fieldPath(path, name), `${fieldPath(path, name)} must be a finite number (${owner} counts it), got ${JSON.stringify(value) ?? 'nothing'}`);
    }
    result[name] = value;
  }
  for (const name of Object.keys(counters)) {
    if (!expected.includes(name)) throw new StateError(fieldPath(path, name), `${fieldPath(path, name)}: ${owner} has no counter "${name}"`);
  }
  return result;
}
