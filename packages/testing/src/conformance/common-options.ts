/** Options core's pipeline reads the same way for every optimizer that accepts them. */
export type PipelineOptionName = 'learningRate' | 'gradientClipNorm' | 'gradientClipValue' | 'paramClipValue' | 'schedule' | 'stochasticRound';

const BAD_VALUES: Record<PipelineOptionName, readonly unknown[]> = {
  learningRate: [-1e-3, Number.NaN, Number.POSITIVE_INFINITY, '0.1'],
  gradientClipNorm: [Number.NaN, Number.POSITIVE_INFINITY, 'big'],
  gradientClipValue: [Number.NaN, Number.NEGATIVE_INFINITY, 'big'],
  paramClipValue: [Number.NaN, Number.POSITIVE_INFINITY, 'big'],
  schedule: [{ rate: 1 }, 'constant'],
  stochasticRound: [1, 'yes'],
};

/**
 * `[option, value]` pairs that an optimizer taking core's shared options (`learningRate`
 * read with `OptionReader.number({ min: 0 })`, `ClipOptions`, `ScheduleOption`,
 * `StochasticRoundOption`) must reject when it is constructed, for `invalidOptions`. Pass the
 * names the optimizer accepts.
 */
export function invalidPipelineOptions(names: readonly PipelineOptionName[]): [string, unknown][] {
  return names.flatMap((name) => BAD_VALUES[name].map((value): [string, unknown] => [name, value]));
}

/**
 * A schedule whose learning rate is NaN: construction cannot know, so the step must reject it
 * (an `InvalidOptionError` naming `schedule`) before writing. For `invalidAtStep`.
 */
export const NAN_SCHEDULE: readonly [string, unknown] = ['schedule', { getLearningRate: () => Number.NaN }];
