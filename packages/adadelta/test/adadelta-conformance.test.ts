import { Adadelta, type AdadeltaOptions } from '@descent/adadelta';
import { describeOptimizerConformance, invalidPipelineOptions } from '@descent/testing';
import { describe, expect, it } from 'vitest';
import { referenceFor } from './adadelta-reference.js';

// The whole contract in one call: float64 agreement over random shapes, many tensors, clips and
// schedules; lazy states; leaks; atomic failure; option errors; the state round trip (see
// @descent/testing).
describeOptimizerConformance<AdadeltaOptions>({
  name: 'Adadelta',
  create: (options) => new Adadelta(options),
  stateCount: 3,
  reference: referenceFor,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'large epsilon, param clip, batch 4', options: { decay: 0.9, epsilon: 1e-2, paramClipValue: 0.6 }, batchSize: 4 },
  ],
  invalidOptions: [
    ['decay', Number.NaN],
    ['decay', -0.1],
    ['decay', 1],
    ['decay', 1.5],
    ['decay', '0.9'],
    ['epsilon', -1e-9],
    ['epsilon', Number.NaN],
    ['epsilon', Number.POSITIVE_INFINITY],
    // neon's Adadelta has no learning rate and no gradient clipping: rejected, not ignored.
    ['learningRate', 0.1],
    ['schedule', { getLearningRate: () => 1 }],
    ['gradientClipNorm', 1],
    ['gradientClipValue', 1],
    ...invalidPipelineOptions(['paramClipValue', 'stochasticRound']),
  ],
  // The wasm and WebGPU backends run this optimizer in @descent/testing's own tests and in their
  // suites; their packages depend on this one (dev), so they cannot be built before these tests.
  // Fuzzed with hostile values (fast-check); every name the constructor accepts.
  knownOptions: ['decay', 'epsilon', 'paramClipValue', 'stochasticRound', 'skipNonFinite'],
  // tf.memory() flat over 10,000 steps on the ops evaluator; dispose() frees every state.
  longRun: { steps: 10_000, options: { paramClipValue: 2 } },
  backends: ['ops'],
});

describe('Adadelta options', () => {
  it('accepts the edges of the valid ranges and the no-op stochasticRound flag', () => {
    const optimizer = new Adadelta({ decay: 0, epsilon: 0, stochasticRound: true, paramClipValue: null });
    expect([optimizer.decay, optimizer.epsilon]).toEqual([0, 0]);
    expect(optimizer.pipeline).toEqual({});
    expect(new Adadelta({ paramClipValue: -2 }).pipeline).toEqual({ paramClipValue: 2 });
  });
});
