import { describe, expect, it } from 'vitest';
import { HYPERPARAMETERS, hyperparameterProblem } from '@descent/example-kit';

describe('hyperparameterProblem', () => {
  it('accepts values in range and names the range otherwise', () => {
    expect(hyperparameterProblem(HYPERPARAMETERS.momentumCoef, 0)).toBeUndefined();
    expect(hyperparameterProblem(HYPERPARAMETERS.momentumCoef, 0.99)).toBeUndefined();
    expect(hyperparameterProblem(HYPERPARAMETERS.momentumCoef, 1)).toBe('must be in [0, 1)');
    expect(hyperparameterProblem(HYPERPARAMETERS.beta2, -0.1)).toBe('must be in [0, 1)');
    expect(hyperparameterProblem(HYPERPARAMETERS.learningRate, -1)).toBe('must be >= 0');
    expect(hyperparameterProblem(HYPERPARAMETERS.learningRate, Number.NaN)).toBe('must be a finite number');
    expect(hyperparameterProblem(HYPERPARAMETERS.epsilon, Number.POSITIVE_INFINITY)).toBe('must be a finite number');
  });

  it('gives every hyperparameter a distinct flag and a slider inside its valid range', () => {
    const specs = Object.values(HYPERPARAMETERS);
    expect(new Set(specs.map((spec) => spec.flag)).size).toBe(specs.length);
    for (const spec of specs) {
      expect(hyperparameterProblem(spec, spec.slider.min), spec.key).toBeUndefined();
      expect(hyperparameterProblem(spec, spec.slider.max), spec.key).toBeUndefined();
    }
  });
});
