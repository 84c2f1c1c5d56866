import { ExpSchedule, Schedule } from '@descent/core';
import fc from 'fast-check';
import { expectTypedRejection } from '../../expect-typed-rejection.js';
import { fuzzOptions } from '../../fuzz-options.js';
import { TestModel } from '../../test-model.js';
import { activateBackend, type ConformanceBackend } from '../backends.js';
import { type ConformanceConfig, resolveConfig } from '../config.js';

/**
 * Option values that are often valid, mixed with the hostile ones so that many generated
 * option objects are accepted and their optimizers get to step: small numbers, booleans,
 * schedules, "off" values, and a schedule whose rate is negative (accepted, caught at the step).
 */
const PLAUSIBLE = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.boolean(),
  fc.constantFrom(null, 0, new Schedule(), new ExpSchedule({ decay: 0.5 }), { getLearningRate: () => -1 }),
);

/** What a step may name when it rejects an accepted optimizer: the rate comes from the schedule at the epoch. */
const STEP_FIELDS = ['schedule', 'epoch', 'learningRate'];

/**
 * Fuzzes `create` with hostile options over `knownOptions` (see {@link fuzzOptions}): every
 * rejection must be a typed Descent error naming the option (or `"options"`); every optimizer
 * it accepts must then step a small model, or reject the step with a typed error naming
 * `schedule`, `epoch`, `learningRate` or an `invalidAtStep` option. Nothing may crash.
 */
export async function checkHostileOptions<O>(config: ConformanceConfig<O>, backend: ConformanceBackend): Promise<void> {
  const resolved = resolveConfig(config);
  if (!resolved.knownOptions) throw new TypeError(`describeOptimizerConformance: ${resolved.name} has no "knownOptions" to fuzz`);
  await activateBackend(backend);
  const stepFields = [...STEP_FIELDS, ...resolved.invalidAtStep.map(([option]) => option)];
  // One model for every sample: accepted optimizers step it in turn and take their states out on dispose().
  const model = new TestModel([[3]], [[0.5, -0.25, 1]]);
  model.setGrads([[0.1, -0.2, 0.3]]);
  try {
    fuzzOptions((options) => resolved.create(options as O), resolved.knownOptions, {
      plausible: PLAUSIBLE,
      accepted: (optimizer) => {
        expectTypedRejection(() => optimizer.optimize(model.layers, 3), stepFields);
        optimizer.dispose();
      },
    });
  } catch (error) {
    // fast-check's message holds the counterexample; the assertion that failed is its cause.
    const cause = (error as { cause?: unknown }).cause;
    if (!(cause instanceof Error)) throw error;
    throw new Error(`${resolved.name}: hostile options: ${cause.message}\n${(error as Error).message}`, { cause });
  } finally {
    model.dispose();
  }
}
