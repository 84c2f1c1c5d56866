import { assertSpecificationVersion } from '@descent/core';
import { type ConformanceConfig, resolveConfig } from '../config.js';

/**
 * Checks that the optimizer declares the plugin contract version of the `@descent/core` the
 * kit runs with (`specificationVersion`); throws core's `SpecificationVersionError` if not, as
 * core and MultiOptimizer would when the plugin is used.
 */
export function checkSpecificationVersion<O>(config: ConformanceConfig<O>): void {
  const resolved = resolveConfig(config);
  const optimizer = resolved.create(resolved.baseOptions);
  try {
    assertSpecificationVersion(`optimizer ${resolved.name}`, optimizer);
  } finally {
    optimizer.dispose?.();
  }
}
