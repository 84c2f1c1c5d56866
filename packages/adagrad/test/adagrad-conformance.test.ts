import { StepSchedule } from '@descent/core';
import { Adagrad, type AdagradOptions } from '@descent/adagrad';
import { describeOptimizerConformance, invalidPipelineOptions, NAN_SCHEDULE } from '@descent/testing';
import { describe, expect, it } from 'vitest';
import { referenceFor } from './adagrad-reference.js';

// The whole contract in one call: float64 agreement over random shapes, many tensors, clips and
// schedules; lazy states; leaks; atomic failure; option errors; the state round trip (see
// @descent/testing).
describeOptimizerConformance<AdagradOptions>({
  name: 'Adagrad',
  create: (options) => new Adagrad(options),
  stateCount: 1,
  reference: referenceFor,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'every clip, step schedule, batch 4', options: { learningRate: 0.1, gradientClipNorm: 1, gradientClipValue: 0.5, paramClipValue: 0.9, schedule: new StepSchedule({ stepConfig: [1, 2], change: [0.05, 0.01] }) }, batchSize: 4 },
  ],
  invalidOptions: [
    ['epsilon', -1e-9],
    ['epsilon', Number.NaN],
    ['decayRate', 0.9],
    ...invalidPipelineOptions(['learningRate', 'gradientClipNorm', 'gradientClipValue', 'paramClipValue', 'schedule', 'stochasticRound']),
  ],
  invalidAtStep: [NAN_SCHEDULE],
  // The wasm and WebGPU backends run this optimizer in @descent/testing's own tests and in their
  // suites; their packages depend on this one (dev), so they cannot be built before these tests.
  // Fuzzed with hostile values (fast-check); every name the constructor accepts.
  knownOptions: ['learningRate', 'epsilon', 'schedule', 'stochasticRound', 'gradientClipNorm', 'gradientClipValue', 'paramClipValue', 'skipNonFinite'],
  // tf.memory() flat over 10,000 steps on the ops evaluator; dispose() frees every state.
  longRun: { steps: 10_000, options: { learningRate: 1e-2, gradientClipNorm: 1 } },
  backends: ['ops'],
});

describe('Adagrad options', () => {
  it('accepts the edges of the valid ranges and the no-op stochasticRound flag', () => {
    const optimizer = new Adagrad({ learningRate: 0, epsilon: 0, stochasticRound: true, gradientClipNorm: null });
    expect([optimizer.learningRate, optimizer.epsilon]).toEqual([0, 0]);
    expect(optimizer.pipeline).toEqual({});
    expect(new Adagrad({ paramClipValue: -2 }).pipeline).toEqual({ paramClipValue: 2 });
  });
});
