import { Affine, GlorotUniform, Rectlin, Sequential, Softmax, Tanh } from '@descent/layers';

/** The hidden layers' activation. */
export type ActivationName = 'tanh' | 'rectlin';

/** Every activation name. */
export const ACTIVATION_NAMES: readonly ActivationName[] = ['tanh', 'rectlin'];

/** The shape of the example classifier. */
export interface ClassifierOptions {
  /** Units of each hidden Affine layer, e.g. `[32, 32]`. */
  readonly hidden: readonly number[];
  readonly activation: ActivationName;
  /** Seeds the Glorot-uniform initialiser: the same seed builds the same weights. */
  readonly seed: number;
  readonly inputSize?: number;
  readonly classes?: number;
}

/**
 * A neon-style MLP from @descent/layers: `Affine(hidden[i], activation)` layers named
 * `hidden_1`, `hidden_2`, ... (each a Linear plus a Bias `hidden_i_bias`), then
 * `Affine(classes, Softmax)` named `output`. Names are fixed, so checkpoints and MultiOptimizer
 * routing see the same layers in every run.
 */
export function buildClassifier({ hidden, activation, seed, inputSize = 2, classes = 2 }: ClassifierOptions): Sequential {
  const init = new GlorotUniform({ seed });
  const transform = () => (activation === 'tanh' ? new Tanh() : new Rectlin());
  const layers = hidden.map((nout, i) => new Affine({ nout, init, bias: true, activation: transform(), name: `hidden_${i + 1}` }));
  layers.push(new Affine({ nout: classes, init, bias: true, activation: new Softmax(), name: 'output' }));
  return new Sequential({ layers, inputSize, name: 'classifier' });
}
