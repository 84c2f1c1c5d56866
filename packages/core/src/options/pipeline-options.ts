import { InvalidOptionError } from '../errors.js';
import type { LearningRateSchedule } from '../schedules/schedule.js';
import { Schedule } from '../schedules/schedule.js';
import type { OptionReader } from './option-reader.js';
import { thrownMessage } from './read-own-fields.js';

/** Options of neon's shared pipeline, accepted by every built-in optimizer. */
export interface ClipOptions {
  /** Scale all gradients of a call so their norm (over the batch) is at most this; 0/null: off. */
  readonly gradientClipNorm?: number | null;
  /** Clip each gradient element to `[-|v|, |v|]` after batch division; 0/null: off. */
  readonly gradientClipValue?: number | null;
  /** Clip each parameter to `[-|v|, |v|]` after the update; 0/null: off. */
  readonly paramClipValue?: number | null;
}

/** The `skipNonFinite` option, accepted by every built-in optimizer. */
export interface SkipNonFiniteOption {
  /**
   * Skip a step whose gradients hold a NaN or ±Infinity anywhere (in any param of the call):
   * the step writes nothing, decided on the device (no readback), and is counted in the
   * optimizer's `skippedSteps`. Default false: neon's numerics, non-finite values propagate.
   */
  readonly skipNonFinite?: boolean;
}

/** The option name of {@link SkipNonFiniteOption}, for `OptionReader`'s list of known keys. */
export const SKIP_NON_FINITE_OPTION = 'skipNonFinite';

/** The learning-rate schedule option (default: constant). */
export interface ScheduleOption {
  /** Maps the base learning rate per epoch, e.g. a `StepSchedule`; any object with `getLearningRate`. */
  readonly schedule?: LearningRateSchedule;
}

/** neon's flag for reduced-precision backends; accepted and ignored (Descent is float32). */
export interface StochasticRoundOption {
  /** Accepted for neon compatibility; has no effect. */
  readonly stochasticRound?: boolean;
}

/** The pipeline settings an {@link ElementwiseOptimizer} runs with, validated. */
export interface PipelineSettings {
  /** The norm-clip limit (a magnitude), absent when off. */
  readonly gradientClipNorm?: number;
  /** The gradient value-clip limit (a magnitude), absent when off. */
  readonly gradientClipValue?: number;
  /** The param clip limit (a magnitude), absent when off. */
  readonly paramClipValue?: number;
  /** See {@link SkipNonFiniteOption}; absent: false. */
  readonly skipNonFinite?: boolean;
}

/** Option names of {@link ClipOptions}, for `OptionReader`'s list of known keys. */
export const CLIP_OPTION_NAMES = ['gradientClipNorm', 'gradientClipValue', 'paramClipValue'] as const;

/**
 * Reads and validates the pipeline options: the {@link ClipOptions} in `names`, and
 * `skipNonFinite` (a boolean; only present when the owner lists it as a known option).
 */
export function readClipOptions(reader: OptionReader, names: readonly string[] = CLIP_OPTION_NAMES): PipelineSettings {
  const settings: { -readonly [K in keyof PipelineSettings]: PipelineSettings[K] } = {};
  for (const name of names) {
    const limit = reader.clipLimit(name);
    if (limit !== undefined) settings[name as 'gradientClipNorm'] = limit;
  }
  if (reader.boolean(SKIP_NON_FINITE_OPTION, false)) settings.skipNonFinite = true;
  return settings;
}

/** Reads the `schedule` option: anything with a `getLearningRate` method; default constant. */
export function readSchedule(reader: OptionReader): LearningRateSchedule {
  const value = reader.raw('schedule');
  if (value === undefined || value === null) return new Schedule();
  let method: unknown;
  try {
    method = (value as LearningRateSchedule).getLearningRate;
  } catch (error) {
    throw new InvalidOptionError('schedule', `${reader.owner}: could not read option "schedule": ${thrownMessage(error)}`, { cause: error });
  }
  if (typeof method !== 'function') reader.fail('schedule', 'a schedule (an object with getLearningRate)');
  return value as LearningRateSchedule;
}
