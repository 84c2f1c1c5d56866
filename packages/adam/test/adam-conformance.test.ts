import { StepSchedule } from '@descent/core';
import { Adam, type AdamOptions } from '@descent/adam';
import { describeOptimizerConformance, invalidPipelineOptions, NAN_SCHEDULE } from '@descent/testing';
import { describe, expect, it } from 'vitest';
import { referenceFor } from './adam-reference.js';

// The whole contract in one call: float64 agreement over random shapes, many tensors, clips and
// schedules; lazy states; leaks; atomic failure; option errors; the state round trip (see
// @descent/testing).
describeOptimizerConformance<AdamOptions>({
  name: 'Adam',
  create: (options) => new Adam(options),
  stateCount: 2,
  reference: referenceFor,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'every clip, step schedule, batch 4', options: { learningRate: 0.05, gradientClipNorm: 1, gradientClipValue: 0.5, paramClipValue: 0.9, schedule: new StepSchedule({ stepConfig: [1, 2], change: [0.02, 0.005] }) }, batchSize: 4 },
  ],
  invalidOptions: [
    ['beta1', Number.NaN],
    ['beta1', -0.1],
    ['beta1', 1],
    ['beta1', '0.9'],
    ['beta2', Number.NaN],
    ['beta2', -1e-3],
    ['beta2', 1],
    ['beta2', 1.001],
    ['epsilon', -1e-9],
    ['epsilon', Number.NaN],
    ['decayRate', 0.9],
    ['t', 3],
    ...invalidPipelineOptions(['learningRate', 'gradientClipNorm', 'gradientClipValue', 'paramClipValue', 'schedule', 'stochasticRound']),
  ],
  invalidAtStep: [NAN_SCHEDULE],
  // The wasm and WebGPU backends run this optimizer in @descent/testing's own tests and in their
  // suites; their packages depend on this one (dev), so they cannot be built before these tests.
  // Fuzzed with hostile values (fast-check); every name the constructor accepts.
  knownOptions: ['learningRate', 'beta1', 'beta2', 'epsilon', 'schedule', 'stochasticRound', 'gradientClipNorm', 'gradientClipValue', 'paramClipValue', 'skipNonFinite'],
  // tf.memory() flat over 10,000 steps on the ops evaluator; dispose() frees every state.
  longRun: {
    steps: 10_000,
    options: { learningRate: 1e-3, gradientClipNorm: 1 },
    // Adam-specific: the warm-up call and 10,000 steps are 10,001 calls, and t counted each.
    after: (adam) => expect((adam as Adam).t).toBe(10_001),
  },
  backends: ['ops'],
});

describe('Adam options', () => {
  it('accepts the edges of the valid ranges and the no-op stochasticRound flag', () => {
    const optimizer = new Adam({ beta1: 0, beta2: 0, learningRate: 0, epsilon: 0, stochasticRound: true, gradientClipNorm: null });
    expect([optimizer.beta1, optimizer.beta2, optimizer.learningRate, optimizer.epsilon]).toEqual([0, 0, 0, 0]);
    expect(optimizer.pipeline).toEqual({});
    expect(new Adam({ paramClipValue: -2 }).pipeline).toEqual({ paramClipValue: 2 });
  });
});
