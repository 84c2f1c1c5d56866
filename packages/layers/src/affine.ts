import { OptionReader } from '@descent/core';
import { Activation } from './activation.js';
import { Bias } from './bias.js';
import { exactClassName } from './class-name.js';
import { ContainerLayer } from './container-layer.js';
import { Constant, GlorotUniform, type Initializer, readInitializer } from './initializers.js';
import { Linear } from './linear.js';
import type { Transform } from './transforms.js';

/** Options of {@link Affine}. */
export interface AffineOptions {
  /** Output features, an integer >= 1. */
  readonly nout: number;
  /** Initializer of the Linear's weights (default: unseeded GlorotUniform). */
  readonly init?: Initializer;
  /** Adds a Bias layer: `true` (zeros) or its initializer. Default: no bias, as in neon. */
  readonly bias?: Initializer | boolean;
  /** Adds an Activation layer applying this transform. */
  readonly activation?: Transform;
  /** The Linear's name and the base of the others' names; default: the Linear's `Linear_{n}`. */
  readonly name?: string;
}

function transformName(transform: Transform): string {
  const own = (transform as { className?: unknown }).className;
  return typeof own === 'string' ? own : exactClassName(transform);
}

/**
 * neon's compound Affine layer. It expands into `layers`: a {@link Linear} named `name`, then a
 * {@link Bias} named `{name}_bias` if `bias` is given, then an {@link Activation} named
 * `{name}_{Transform}` (e.g. `layer_three_Softmax`) if `activation` is given. Optimizers see
 * those layers, so a MultiOptimizer routes the Linear by its name or as `Linear`, the Bias as
 * `Bias`; the Activation has no parameters. Like neon's, it takes no `Affine_{n}` name of its
 * own: its name is its Linear's.
 */
export class Affine extends ContainerLayer {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Affine';
  /** The weights layer. */
  readonly linear: Linear;
  /** The bias layer, if any. */
  readonly bias: Bias | undefined;
  /** The activation layer, if any. */
  readonly activation: Activation | undefined;

  constructor(options: AffineOptions) {
    const reader: OptionReader = new OptionReader('Affine', options, ['nout', 'init', 'bias', 'activation', 'name']);
    const nout = reader.number('nout', { integer: true, min: 1 });
    const init = readInitializer(reader, 'init', () => new GlorotUniform());
    const biasOption = reader.raw('bias');
    const biasInit =
      biasOption === undefined || biasOption === false
        ? undefined
        : biasOption === true
          ? new Constant()
          : readInitializer(reader, 'bias', () => new Constant());
    const transform = reader.raw('activation') as Transform | undefined;
    if (transform !== undefined && (typeof transform !== 'object' || transform === null || typeof transform.apply !== 'function')) {
      reader.fail('activation', 'a transform such as new Softmax() (an object with apply(x))', transform);
    }
    const linear = new Linear({ nout, init, name: reader.raw('name') as string | undefined });
    const base = linear.name;
    const bias = biasInit ? new Bias({ init: biasInit, name: `${base}_bias` }) : undefined;
    const activation = transform ? new Activation({ transform, name: `${base}_${transformName(transform)}` }) : undefined;
    super(base, [linear, ...(bias ? [bias] : []), ...(activation ? [activation] : [])], false);
    this.linear = linear;
    this.bias = bias;
    this.activation = activation;
  }
}
