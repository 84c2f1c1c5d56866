/** The hyperparameters the apps expose, named as the Descent constructors name them. */
export type HyperparameterKey =
  | 'learningRate'
  | 'momentumCoef'
  | 'wdecay'
  | 'beta1'
  | 'beta2'
  | 'epsilon'
  | 'decayRate'
  | 'decay'
  | 'biasLearningRate'
  | 'gradientClipNorm'
  | 'gradientClipValue'
  | 'paramClipValue';

/** Values for some hyperparameters. */
export type Hyperparameters = Partial<Record<HyperparameterKey, number>>;

/** What a hyperparameter means, its valid range, its CLI flag and how a slider shows it. */
export interface HyperparameterSpec {
  readonly key: HyperparameterKey;
  /** The train-cli flag, without the leading dashes. */
  readonly flag: string;
  readonly label: string;
  readonly description: string;
  readonly min: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
  /** Slider range and spacing in the playground. */
  readonly slider: { readonly min: number; readonly max: number; readonly scale: 'log' | 'linear' };
}

const unit = { min: 0, max: 1, maxExclusive: true } as const;
const clip = { min: 0, slider: { min: 0.1, max: 10, scale: 'log' } } as const;

/** Every hyperparameter, in the order help texts and panels list them. */
export const HYPERPARAMETERS: Readonly<Record<HyperparameterKey, HyperparameterSpec>> = {
  learningRate: { key: 'learningRate', flag: 'lr', label: 'learning rate', description: 'step size (learningRate)', min: 0, slider: { min: 1e-4, max: 1, scale: 'log' } },
  momentumCoef: { key: 'momentumCoef', flag: 'momentum', label: 'momentum', description: 'momentum coefficient (momentumCoef), in [0, 1)', ...unit, slider: { min: 0, max: 0.99, scale: 'linear' } },
  wdecay: { key: 'wdecay', flag: 'wdecay', label: 'weight decay', description: 'L2 weight decay (wdecay)', min: 0, slider: { min: 0, max: 0.1, scale: 'linear' } },
  beta1: { key: 'beta1', flag: 'beta1', label: 'beta1', description: 'decay of the first moment (beta1), in [0, 1)', ...unit, slider: { min: 0, max: 0.99, scale: 'linear' } },
  beta2: { key: 'beta2', flag: 'beta2', label: 'beta2', description: 'decay of the second moment (beta2), in [0, 1)', ...unit, slider: { min: 0.5, max: 0.9999, scale: 'linear' } },
  epsilon: { key: 'epsilon', flag: 'epsilon', label: 'epsilon', description: 'numerical floor (epsilon)', min: 0, slider: { min: 1e-8, max: 1e-1, scale: 'log' } },
  decayRate: { key: 'decayRate', flag: 'decay-rate', label: 'decay rate', description: "RMSProp's decay of the mean square (decayRate), in [0, 1)", ...unit, slider: { min: 0.5, max: 0.999, scale: 'linear' } },
  decay: { key: 'decay', flag: 'decay', label: 'decay', description: "Adadelta's decay of both running means (decay), in [0, 1)", ...unit, slider: { min: 0.5, max: 0.999, scale: 'linear' } },
  biasLearningRate: { key: 'biasLearningRate', flag: 'bias-lr', label: 'bias learning rate', description: "learning rate of the multi preset's GDM for Bias layers", min: 0, slider: { min: 1e-4, max: 1, scale: 'log' } },
  gradientClipNorm: { key: 'gradientClipNorm', flag: 'grad-clip-norm', label: 'gradient clip norm', description: 'rescale gradients whose global L2 norm exceeds this (gradientClipNorm; 0 = off)', ...clip },
  gradientClipValue: { key: 'gradientClipValue', flag: 'grad-clip-value', label: 'gradient clip value', description: 'clip each gradient element to ±this (gradientClipValue; 0 = off)', ...clip },
  paramClipValue: { key: 'paramClipValue', flag: 'param-clip-value', label: 'param clip value', description: 'clip each parameter to ±this after the step (paramClipValue; 0 = off)', ...clip },
};

/** Why `value` is not valid for `spec` (e.g. "must be in [0, 1)"), or undefined when it is. */
export function hyperparameterProblem(spec: HyperparameterSpec, value: number): string | undefined {
  if (!Number.isFinite(value)) return 'must be a finite number';
  const low = spec.minExclusive ? value <= spec.min : value < spec.min;
  const high = spec.max !== undefined && (spec.maxExclusive ? value >= spec.max : value > spec.max);
  if (!low && !high) return undefined;
  if (spec.max === undefined) return `must be ${spec.minExclusive ? '>' : '>='} ${spec.min}`;
  return `must be in ${spec.minExclusive ? '(' : '['}${spec.min}, ${spec.max}${spec.maxExclusive ? ')' : ']'}`;
}
