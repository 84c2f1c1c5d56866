import { assertSpecificationVersion, InvalidOptionError, type Optimizer } from '@descent/core';

/** neon's mapping: layer names and exact layer class names to optimizers; `default` is required. */
export type MultiOptimizerMapping = {
  /** The optimizer of every layer whose name and class are not mapped. */
  readonly default: Optimizer;
} & { readonly [nameOrClass: string]: Optimizer };

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object without an optimize() method`;
  return `a ${typeof value}`;
}

/**
 * Validates a mapping and copies it into a Map, so that a layer named e.g. "constructor" can
 * never pick up an inherited property. Every value must be an Optimizer of this contract.
 */
export function readMapping(mapping: unknown): ReadonlyMap<string, Optimizer> {
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
    throw new InvalidOptionError(
      'mapping',
      `MultiOptimizer: the mapping must be an object of optimizers such as { default: a, Linear: b }, got ${describe(mapping)}`,
    );
  }
  if (!Object.prototype.hasOwnProperty.call(mapping, 'default')) {
    throw new InvalidOptionError(
      'default',
      'MultiOptimizer: the mapping needs a "default" optimizer, used for every layer whose name and class are not mapped',
    );
  }
  const result = new Map<string, Optimizer>();
  for (const [key, value] of Object.entries(mapping)) {
    if (typeof value !== 'object' || value === null || typeof (value as Optimizer).optimize !== 'function') {
      throw new InvalidOptionError(key, `MultiOptimizer: mapping "${key}" must be an Optimizer, got ${describe(value)}`);
    }
    assertSpecificationVersion(`MultiOptimizer: mapping "${key}"`, value as Optimizer);
    result.set(key, value as Optimizer);
  }
  return result;
}
