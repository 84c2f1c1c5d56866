import { assertSpecificationVersion, describeValue, InvalidOptionError, type Optimizer, thrownMessage } from '@descent/core';

/** neon's mapping: layer names and exact layer class names to optimizers; `default` is required. */
export type MultiOptimizerMapping = {
  /** The optimizer of every layer whose name and class are not mapped. */
  readonly default: Optimizer;
} & { readonly [nameOrClass: string]: Optimizer };

function describe(value: unknown): string {
  const described = describeValue(value);
  return described === 'an object' ? 'an object without an optimize() method' : described;
}

/** Reads `read()`; anything it throws (a getter, a Proxy trap) becomes an error naming `field`. */
function guarded<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidOptionError) throw error;
    const what = field === 'mapping' ? 'the mapping' : `mapping ${JSON.stringify(field.slice(0, 40))}`;
    throw new InvalidOptionError(field, `MultiOptimizer: could not read ${what}: ${thrownMessage(error)}`, { cause: error });
  }
}

/**
 * Validates a mapping and copies it into a Map, so that a layer named e.g. "constructor" can
 * never pick up an inherited property. Every value must be an Optimizer of this contract.
 */
export function readMapping(mapping: unknown): ReadonlyMap<string, Optimizer> {
  const keys = guarded('mapping', () => {
    if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
      throw new InvalidOptionError(
        'mapping',
        `MultiOptimizer: the mapping must be an object of optimizers such as { default: a, Linear: b }, got ${describe(mapping)}`,
      );
    }
    return Object.keys(mapping);
  });
  if (!keys.includes('default')) {
    throw new InvalidOptionError(
      'default',
      'MultiOptimizer: the mapping needs a "default" optimizer, used for every layer whose name and class are not mapped',
    );
  }
  const result = new Map<string, Optimizer>();
  for (const key of keys) {
    // Each value is read once; a getter or Proxy trap that throws names its key.
    const value = guarded(key, () => (mapping as Record<string, unknown>)[key]);
    const optimize = guarded(key, () => (typeof value === 'object' && value !== null ? (value as Optimizer).optimize : undefined));
    if (typeof optimize !== 'function') {
      throw new InvalidOptionError(key, `MultiOptimizer: mapping ${JSON.stringify(key.slice(0, 40))} must be an Optimizer, got ${describe(value)}`);
    }
    assertSpecificationVersion(`MultiOptimizer: mapping ${JSON.stringify(key.slice(0, 40))}`, value as Optimizer);
    result.set(key, value as Optimizer);
  }
  return result;
}
