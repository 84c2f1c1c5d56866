import '@tensorflow/tfjs-backend-cpu';
import { StepSchedule } from '@descent/core';
import { describeOptimizerConformance, invalidPipelineOptions, NAN_SCHEDULE, pipelineReference, type ReferenceStep } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Lion, type LionOptions } from 'descent-lion';

/** Lion in float64, written from the paper (Chen et al. 2023, Algorithm 2), inside neon's pipeline. */
function lionReference(options: LionOptions): ReferenceStep {
  const { learningRate = 1e-4, beta1 = 0.9, beta2 = 0.99, weightDecay = 0, schedule } = options;
  return pipelineReference(options, ({ param, grad, clipScale, states }, { epoch }) => {
    const lr = schedule ? schedule.getLearningRate(learningRate, epoch) : learningRate;
    const g = clipScale * grad;
    const c = beta1 * states[0]! + (1 - beta1) * g;
    states[0] = beta2 * states[0]! + (1 - beta2) * g;
    return param - lr * (Math.sign(c) + weightDecay * param);
  });
}

describeOptimizerConformance<LionOptions>({
  name: 'Lion',
  create: (options) => new Lion(options),
  stateCount: 1,
  reference: lionReference,
  cases: [
    { name: 'defaults', options: {} },
    {
      name: 'weight decay, every clip, step schedule, batch 4',
      options: { learningRate: 0.01, weightDecay: 0.1, gradientClipNorm: 1, gradientClipValue: 0.3, paramClipValue: 0.9, schedule: new StepSchedule({ stepConfig: [1, 2], change: [0.005, 0.001] }) },
      batchSize: 4,
    },
    { name: 'beta1 = 0, beta2 = 1 (signSGD: the momentum stays 0)', options: { learningRate: 0.01, beta1: 0, beta2: 1 } },
  ],
  invalidOptions: [
    ['beta1', -0.1],
    ['beta1', 1.5],
    ['beta2', Number.NaN],
    ['weightDecay', -1],
    ['weightDecay', '0.1'],
    ['stochasticRound', true], // neon's flag is not Lion's
    ...invalidPipelineOptions(['learningRate', 'gradientClipNorm', 'gradientClipValue', 'paramClipValue', 'schedule']),
  ],
  invalidAtStep: [NAN_SCHEDULE],
  // Every backend must run here: CI has wasm and Dawn (WebGPU in Node).
  requireBackends: ['ops', 'wasm', 'webgpu'],
});

describe('Lion by hand', () => {
  it('moves every element by exactly lr * sign(g) on the first step (zero momentum, no decay)', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const param = tf.variable(tf.tensor1d([0.5, -0.25, 1, 0]));
    const grad = tf.tensor1d([3, -0.001, 0, 2]);
    const states: tf.Variable[] = [];
    const lion = new Lion({ learningRate: 0.125 });
    lion.optimize([{ name: 'w', getParams: () => [{ param, grad, states }] }], 0);
    // sign(0.1 g) = [1, -1, 0, 1], so p - 0.125 * sign: exact in float32.
    expect(Array.from(await param.data())).toEqual([0.375, -0.125, 1, -0.125]);
    // m = (1 - 0.99) g: one float32 product of the float32 host scalar and g.
    const f32 = Math.fround;
    expect(Array.from(await states[0]!.data())).toEqual([3, -0.001, 0, 2].map((g) => f32(f32(1 - 0.99) * f32(g))));
    lion.dispose();
    for (const t of [param, grad]) t.dispose();
  });

  it('decays weights decoupled from the gradient: with a zero gradient, p = p - lr * λ * p', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const param = tf.variable(tf.tensor1d([2, -4]));
    const grad = tf.zeros([2]);
    const lion = new Lion({ learningRate: 0.5, weightDecay: 0.25 });
    lion.optimize([{ name: 'w', getParams: () => [{ param, grad, states: [] }] }], 0);
    expect(Array.from(await param.data())).toEqual([1.75, -3.5]);
    lion.dispose();
    for (const t of [param, grad]) t.dispose();
  });

  it('saves its momentum under the type "Lion", with its hyperparameters for the record', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const param = tf.variable(tf.tensor1d([1, 2]), true, 'lion-state/w');
    const grad = tf.tensor1d([0.5, -1]);
    const states: tf.Variable[] = [];
    const layers = [{ name: 'w', getParams: () => [{ param, grad, states }] }];
    const lion = new Lion({ learningRate: 0.01, weightDecay: 0.5 });
    lion.optimize(layers, 0);
    const state = lion.getState(layers);
    expect(state.optimizer.type).toBe('Lion');
    expect(state.optimizer.config).toMatchObject({ learningRate: 0.01, beta1: 0.9, beta2: 0.99, weightDecay: 0.5 });
    expect(Object.keys(state.params)).toEqual(['lion-state/w']);
    expect(state.counters).toEqual({});
    lion.dispose();
    for (const t of [param, grad]) t.dispose();
  });
});
