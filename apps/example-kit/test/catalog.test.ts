import '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Adam } from '@descent/adam';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { Bias, Linear } from '@descent/layers';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { HYPERPARAMETERS, hyperparameterProblem, hyperparametersOf, OPTIMIZER_NAMES, OPTIMIZERS } from '@descent/example-kit';

describe('the optimizer catalogue', () => {
  it.each(OPTIMIZER_NAMES)('%s: builds from its defaults, which are valid', (name) => {
    for (const key of hyperparametersOf(name)) expect(hyperparameterProblem(HYPERPARAMETERS[key], OPTIMIZERS[name].defaults[key]!), key).toBeUndefined();
    const optimizer = OPTIMIZERS[name].create({});
    expect(typeof optimizer.optimize).toBe('function');
    optimizer.dispose();
  });

  it('passes given values through and fills the rest from the defaults', () => {
    const adam = OPTIMIZERS.adam.create({ learningRate: 0.5 }) as Adam;
    expect(adam).toBeInstanceOf(Adam);
    expect(adam.learningRate).toBe(0.5);
    expect(adam.beta2).toBe(0.999);
    const nesterov = OPTIMIZERS.nesterov.create({ momentumCoef: 0.5 }) as GradientDescentMomentum;
    expect(nesterov.nesterov).toBe(true);
    expect(nesterov.momentumCoef).toBe(0.5);
  });

  it('lets the constructors reject what the catalogue does not check', () => {
    expect(() => OPTIMIZERS.gdm.create({ learningRate: -1 })).toThrow(/learningRate/);
  });

  it('routes Bias layers to GDM and the rest to Adam in the multi preset', () => {
    const multi = OPTIMIZERS.multi.create({ biasLearningRate: 0.2 }) as MultiOptimizer;
    const bias = multi.optimizerFor(new Bias({ name: 'b' })) as GradientDescentMomentum;
    expect(bias).toBeInstanceOf(GradientDescentMomentum);
    expect(bias.learningRate).toBe(0.2);
    expect(multi.optimizerFor(new Linear({ nout: 2, name: 'w' }))).toBeInstanceOf(Adam);
  });
});
