import * as tf from '@tensorflow/tfjs-core';
import { type LearningRateSchedule, PolySchedule, StepSchedule } from '@descent/core';
import { GradientDescentMomentum, type GradientDescentMomentumOptions } from '@descent/gradient-descent-momentum';
import { describeOptimizerConformance, expectClose, invalidPipelineOptions, NAN_SCHEDULE, type ReferenceStep, TestModel } from '@descent/testing';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';

/** NEON_SEMANTICS, GradientDescentMomentum with the shared pipeline, in float64. */
function reference(o: GradientDescentMomentumOptions): ReferenceStep {
  return (model, grads, epoch, bsz) => {
    const lr = (o.schedule ?? { getLearningRate: (l: number) => l }).getLearningRate(o.learningRate, epoch);
    const mom = o.momentumCoef ?? 0;
    const wdecay = o.wdecay ?? 0;
    let sf = 1;
    if (o.gradientClipNorm) {
      const norm = Math.sqrt(grads.flat().reduce((a, g) => a + g * g, 0)) / bsz;
      sf = o.gradientClipNorm / Math.max(norm, o.gradientClipNorm);
    }
    const gcv = o.gradientClipValue && Math.abs(o.gradientClipValue);
    const pcv = o.paramClipValue && Math.abs(o.paramClipValue);
    model.params.forEach((p, t) => {
      for (let i = 0; i < p.length; i++) {
        let g = grads[t]![i]! / bsz;
        if (gcv) g = Math.min(Math.max(g, -gcv), gcv);
        let np: number;
        if (mom === 0) {
          np = -lr * sf * g + (1 - lr * wdecay) * p[i]!;
        } else {
          g = sf * g + wdecay * p[i]!;
          const velocity = model.states[t]![0]!;
          const v = mom * velocity[i]! - lr * g;
          velocity[i] = v;
          np = o.nesterov ? p[i]! + mom * v - lr * g : p[i]! + v;
        }
        // neon skips the param clip when momentum is 0; Descent clips on every path.
        p[i] = pcv ? Math.min(Math.max(np, -pcv), pcv) : np;
      }
    });
  };
}

const step: LearningRateSchedule = new StepSchedule({ stepConfig: [1, 2], change: [0.05, 0.01] });
const cases: [string, GradientDescentMomentumOptions, number][] = [
  ['plain SGD', { learningRate: 0.1 }, 1],
  ['plain SGD with wdecay, clips, batch 8', { learningRate: 0.2, wdecay: 0.01, gradientClipNorm: 0.3, gradientClipValue: 0.05, paramClipValue: 0.7 }, 8],
  ['momentum', { learningRate: 0.05, momentumCoef: 0.9 }, 1],
  ['momentum + wdecay + step schedule', { learningRate: 0.1, momentumCoef: 0.5, wdecay: 0.001, schedule: step }, 1],
  ['nesterov + norm clip + batch 4', { learningRate: 0.1, momentumCoef: 0.9, nesterov: true, gradientClipNorm: 1 }, 4],
  ['nesterov + value & param clip + poly schedule', { learningRate: 0.3, momentumCoef: 0.7, nesterov: true, gradientClipValue: 0.5, paramClipValue: 1, schedule: new PolySchedule({ totalEpochs: 5, power: 2 }) }, 2],
];

// The contract in one call (see @descent/testing): these cases against the float64 reference
// after every step, over random shapes and many tensors; lazy states; leaks; atomic failure;
// option errors; the state round trip.
describeOptimizerConformance<GradientDescentMomentumOptions>({
  name: 'GradientDescentMomentum',
  create: (options) => new GradientDescentMomentum(options),
  stateCount: (options) => (options.momentumCoef ? 1 : 0),
  reference,
  cases: cases.map(([name, options, batchSize]) => ({ name, options, batchSize, gradScale: 3 })),
  baseOptions: { learningRate: 0.1 },
  invalidOptions: [
    ['learningRate', undefined], // required
    ['momentumCoef', 1],
    ['wdecay', -1],
    ['nesterov', true], // without momentum
    ['nesterov', 'yes'],
    ['schedule', {}],
    ['momentum_coef', 0.9],
    ...invalidPipelineOptions(['learningRate', 'gradientClipNorm', 'gradientClipValue', 'paramClipValue', 'schedule', 'stochasticRound']),
  ],
  invalidAtStep: [NAN_SCHEDULE],
  // The wasm and WebGPU backends run this optimizer in @descent/testing's own tests and in their
  // suites; their packages depend on this one (dev), so they cannot be built before these tests.
  // Fuzzed with hostile values (fast-check); every name the constructor accepts.
  knownOptions: ['learningRate', 'momentumCoef', 'wdecay', 'nesterov', 'schedule', 'stochasticRound', 'gradientClipNorm', 'gradientClipValue', 'paramClipValue', 'skipNonFinite'],
  // tf.memory() flat over 10,000 steps on the ops evaluator; dispose() frees every state.
  longRun: { steps: 10_000, options: { learningRate: 1e-3, momentumCoef: 0.9, nesterov: true, wdecay: 1e-4, gradientClipValue: 1 } },
  backends: ['ops'],
});

describe('GradientDescentMomentum by hand', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('hand-computed first step with momentum', () => {
    const model = new TestModel([[2]], [[1, -2]]);
    model.setGrads([[0.5, 4]]);
    new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, wdecay: 0.5 }).optimize(model.layers, 0);
    // g = [0.5 + 0.5*1, 4 + 0.5*-2] = [1, 3]; v = -0.1*g = [-0.1, -0.3]; p = [0.9, -2.3]
    expectClose(model.stateValues()[0]![0]!, [-0.1, -0.3], 'velocity', { relative: 1e-6, absolute: 1e-7 });
    expectClose(model.paramValues()[0]!, [0.9, -2.3], 'param', { relative: 1e-6, absolute: 1e-7 });
    model.dispose();
  });

  it('reads 0 and null clips as off, and stochasticRound as an accepted no-op', () => {
    const optimizer = new GradientDescentMomentum({ learningRate: 0.1, gradientClipNorm: 0, paramClipValue: null, stochasticRound: true });
    expect(optimizer.pipeline).toEqual({});
  });
});
