import { ShiftSchedule } from '@descent/core';
import { ShiftAdaMax, type ShiftAdaMaxOptions } from '@descent/shift-adamax';
import { describeOptimizerConformance, invalidPipelineOptions, NAN_SCHEDULE } from '@descent/testing';
import { describe, expect, it } from 'vitest';
import { referenceFor } from './shift-adamax-reference.js';

// The whole contract in one call: float64 agreement over random shapes, many tensors, clips and
// schedules; lazy states; leaks; atomic failure; option errors; the state round trip (see
// @descent/testing).
describeOptimizerConformance<ShiftAdaMaxOptions>({
  name: 'ShiftAdaMax',
  create: (options) => new ShiftAdaMax(options),
  stateCount: 3,
  reference: referenceFor,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'shift schedule, batch 4', options: { learningRate: 0.01, schedule: new ShiftSchedule({ interval: 1 }) }, batchSize: 4 },
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
    // neon's ShiftAdaMax has no clipping options (it always clips parameters to [-1, 1]).
    ['gradientClipNorm', 1],
    ['gradientClipValue', 1],
    ['paramClipValue', 1],
    ...invalidPipelineOptions(['learningRate', 'schedule', 'stochasticRound']),
  ],
  invalidAtStep: [NAN_SCHEDULE],
  // The wasm and WebGPU backends run this optimizer in @descent/testing's own tests and in their
  // suites; their packages depend on this one (dev), so they cannot be built before these tests.
  // Fuzzed with hostile values (fast-check); every name the constructor accepts.
  knownOptions: ['learningRate', 'beta1', 'beta2', 'epsilon', 'schedule', 'stochasticRound', 'skipNonFinite'],
  // tf.memory() flat over 10,000 steps on the ops evaluator; dispose() frees every state.
  longRun: { steps: 10_000, options: { learningRate: 1e-3 } },
  backends: ['ops'],
});

describe('ShiftAdaMax options', () => {
  it('accepts the edges of the valid ranges and the no-op stochasticRound flag', () => {
    const optimizer = new ShiftAdaMax({ beta1: 0, beta2: 0, learningRate: 0, epsilon: 0, stochasticRound: true });
    expect([optimizer.beta1, optimizer.beta2, optimizer.learningRate, optimizer.epsilon]).toEqual([0, 0, 0, 0]);
    expect(optimizer.pipeline).toEqual({});
  });
});
