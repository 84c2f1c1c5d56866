import { InvalidOptionError } from '@descent/core';

// One counter per class name, as neon keeps one per class. Module state, reset only on request.
const counters = new Map<string, number>();

/**
 * neon's naming: every new layer of a class takes the next number of its class's counter
 * (starting at 0), whether or not it was given a name; an unnamed layer is `{Class}_{number}`.
 */
export function takeLayerName(className: string, given: unknown): string {
  if (given !== undefined && (typeof given !== 'string' || given.length === 0)) {
    throw new InvalidOptionError('name', `${className}: option "name" must be a non-empty string, got ${String(given)}`);
  }
  const count = counters.get(className) ?? 0;
  counters.set(className, count + 1);
  return given ?? `${className}_${count}`;
}

/**
 * Restarts every class's default-name counter at 0 (e.g. between tests), so the next unnamed
 * `Linear` is `Linear_0` again. Names are not checked for uniqueness: after a reset, new layers
 * can share names with older ones, and MultiOptimizer routes by name.
 */
export function resetLayerCounters(): void {
  counters.clear();
}
