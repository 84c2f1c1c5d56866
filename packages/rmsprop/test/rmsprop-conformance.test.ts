import { ExpSchedule } from '@descent/core';
import { RMSProp, type RMSPropOptions } from '@descent/rmsprop';
import { describeOptimizerConformance, invalidPipelineOptions, NAN_SCHEDULE } from '@descent/testing';
import { describe, expect, it } from 'vitest';
import { referenceFor } from './rmsprop-reference.js';

// The whole contract in one call: float64 agreement over random shapes, many tensors, clips and
// schedules; lazy states; leaks; atomic failure; option errors; the state round trip (see
// @descent/testing).
describeOptimizerConformance<RMSPropOptions>({
  name: 'RMSProp',
  create: (options) => new RMSProp(options),
  stateCount: 1,
  reference: referenceFor,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'every clip, exp schedule, batch 4', options: { learningRate: 0.01, gradientClipNorm: 1, gradientClipValue: 0.5, paramClipValue: 0.9, schedule: new ExpSchedule({ decay: 0.5 }) }, batchSize: 4 },
  ],
  invalidOptions: [
    ['decayRate', Number.NaN],
    ['decayRate', -0.1],
    ['decayRate', 1],
    ['decayRate', '0.9'],
    ['epsilon', -1e-9],
    ['epsilon', Number.NaN],
    ['momentumCoef', 0.9],
    ...invalidPipelineOptions(['learningRate', 'gradientClipNorm', 'gradientClipValue', 'paramClipValue', 'schedule', 'stochasticRound']),
  ],
  invalidAtStep: [NAN_SCHEDULE],
  // The wasm and WebGPU backends run this optimizer in @descent/testing's own tests and in their
  // suites; their packages depend on this one (dev), so they cannot be built before these tests.
  // Fuzzed with hostile values (fast-check); every name the constructor accepts.
  knownOptions: ['decayRate', 'learningRate', 'epsilon', 'schedule', 'stochasticRound', 'gradientClipNorm', 'gradientClipValue', 'paramClipValue', 'skipNonFinite'],
  // tf.memory() flat over 10,000 steps on the ops evaluator; dispose() frees every state.
  longRun: { steps: 10_000, options: { learningRate: 1e-3, paramClipValue: 2 } },
  backends: ['ops'],
});

describe('RMSProp options', () => {
  it('accepts the edges of the valid ranges and the no-op stochasticRound flag', () => {
    const optimizer = new RMSProp({ decayRate: 0, learningRate: 0, epsilon: 0, stochasticRound: true, gradientClipNorm: null });
    expect([optimizer.decayRate, optimizer.learningRate, optimizer.epsilon]).toEqual([0, 0, 0]);
    expect(optimizer.pipeline).toEqual({});
    expect(new RMSProp({ paramClipValue: -2 }).pipeline).toEqual({ paramClipValue: 2 });
  });
});
