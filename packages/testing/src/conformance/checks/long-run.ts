import { expectSteadyState } from '../../steady-state.js';
import { activateBackend, type ConformanceBackend } from '../backends.js';
import { type ConformanceConfig, resolveConfig } from '../config.js';

/**
 * Runs the config's `longRun` (see {@link expectSteadyState}): after the warm-up call,
 * `longRun.steps` steps leave `tf.memory()` exactly as it was, the params move and stay
 * finite, and `dispose()` frees every state. Then calls `longRun.after` with the optimizer.
 */
export async function checkLongRun<O>(config: ConformanceConfig<O>, backend: ConformanceBackend): Promise<void> {
  const resolved = resolveConfig(config);
  const longRun = resolved.longRun;
  if (!longRun) throw new TypeError(`describeOptimizerConformance: ${resolved.name} has no "longRun" to run`);
  await activateBackend(backend);
  const optimizer = resolved.create(longRun.options);
  await expectSteadyState(optimizer, { ...longRun.steadyState, steps: longRun.steps });
  longRun.after?.(optimizer);
}
