import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import type { Optimizer } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import type { HyperparameterKey, Hyperparameters } from './hyperparameters.js';

/** An optimizer the apps offer: its Descent class, the hyperparameters it takes and their defaults. */
export interface OptimizerSpec {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  /** The hyperparameters it takes, each with its default for the example classifier. */
  readonly defaults: Readonly<Hyperparameters>;
  /** A new optimizer from `values` (missing keys take {@link defaults}). */
  create(values: Hyperparameters): Optimizer;
}

const clipOff = { gradientClipNorm: 0, gradientClipValue: 0, paramClipValue: 0 } as const;

/** Every default filled in, and only the keys `defaults` names. */
function resolve(defaults: Readonly<Hyperparameters>, values: Hyperparameters): Record<HyperparameterKey, number> {
  const out: Hyperparameters = {};
  for (const key of Object.keys(defaults) as HyperparameterKey[]) out[key] = values[key] ?? defaults[key];
  return out as Record<HyperparameterKey, number>;
}

function spec(name: string, title: string, summary: string, defaults: Hyperparameters, build: (v: Record<HyperparameterKey, number>) => Optimizer): OptimizerSpec {
  return { name, title, summary, defaults, create: (values) => build(resolve(defaults, values)) };
}

function gdm(v: Record<HyperparameterKey, number>, nesterov: boolean): Optimizer {
  const { learningRate, momentumCoef, wdecay, gradientClipNorm, gradientClipValue, paramClipValue } = v;
  return new GradientDescentMomentum({ learningRate, momentumCoef, wdecay, nesterov, gradientClipNorm, gradientClipValue, paramClipValue });
}

/**
 * The optimizers, by the name the CLI's `--optimizer` and the playground use. `multi` is a
 * MultiOptimizer preset: Adam for every layer by default, GradientDescentMomentum for layers of
 * class `Bias`.
 */
export const OPTIMIZERS = {
  gdm: spec('gdm', 'GDM', 'GradientDescentMomentum (SGD with momentum)', { learningRate: 0.1, momentumCoef: 0.9, wdecay: 0, ...clipOff }, (v) => gdm(v, false)),
  nesterov: spec('nesterov', 'Nesterov', 'GradientDescentMomentum with Nesterov momentum', { learningRate: 0.1, momentumCoef: 0.9, wdecay: 0, ...clipOff }, (v) => gdm(v, true)),
  rmsprop: spec('rmsprop', 'RMSProp', 'RMSProp', { learningRate: 0.01, decayRate: 0.95, epsilon: 1e-6, ...clipOff }, (v) => new RMSProp(v)),
  adagrad: spec('adagrad', 'Adagrad', 'Adagrad', { learningRate: 0.1, epsilon: 1e-6, ...clipOff }, (v) => new Adagrad(v)),
  adadelta: spec('adadelta', 'Adadelta', 'Adadelta (no learning rate)', { decay: 0.95, epsilon: 1e-6, paramClipValue: 0 }, (v) => new Adadelta(v)),
  adam: spec('adam', 'Adam', 'Adam', { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, ...clipOff }, (v) => new Adam(v)),
  'shift-adamax': spec('shift-adamax', 'ShiftAdaMax', 'ShiftAdaMax (power-of-two steps, params kept in [-1, 1])', { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, (v) => new ShiftAdaMax(v)),
  multi: spec(
    'multi',
    'Multi (Adam + GDM for Bias)',
    'MultiOptimizer: Adam by default, GradientDescentMomentum for Bias layers',
    { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, biasLearningRate: 0.1, momentumCoef: 0.9 },
    ({ learningRate, beta1, beta2, epsilon, biasLearningRate, momentumCoef }) =>
      new MultiOptimizer({
        default: new Adam({ learningRate, beta1, beta2, epsilon }),
        Bias: new GradientDescentMomentum({ learningRate: biasLearningRate, momentumCoef }),
      }),
  ),
} as const satisfies Record<string, OptimizerSpec>;

/** An optimizer's name in {@link OPTIMIZERS}. */
export type OptimizerName = keyof typeof OPTIMIZERS;

/** Every optimizer name, `multi` last. */
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

/** True for a name in {@link OPTIMIZERS}. */
export function isOptimizerName(name: string): name is OptimizerName {
  return Object.hasOwn(OPTIMIZERS, name);
}

/** The hyperparameters `name` takes. */
export function hyperparametersOf(name: OptimizerName): HyperparameterKey[] {
  return Object.keys(OPTIMIZERS[name].defaults) as HyperparameterKey[];
}
