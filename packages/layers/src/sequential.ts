import { InvalidOptionError, OptionReader } from '@descent/core';
import { BaseLayer } from './base-layer.js';
import { ContainerLayer } from './container-layer.js';

/** Options of {@link Sequential}. */
export interface SequentialOptions {
  /** The layers, run in order; Affine layers and nested Sequentials are fine. */
  readonly layers: readonly BaseLayer[];
  /** Input features: builds every layer now (otherwise on the first forward pass). */
  readonly inputSize?: number;
  /** Default `Sequential_{n}`. */
  readonly name?: string;
}

/** neon's Sequential container: runs its `layers` in order. */
export class Sequential extends ContainerLayer {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Sequential';

  constructor(options: SequentialOptions) {
    const reader: OptionReader = new OptionReader('Sequential', options, ['layers', 'inputSize', 'name']);
    const layers = reader.raw('layers');
    if (!Array.isArray(layers) || layers.length === 0) reader.fail('layers', 'a non-empty array of layers', layers);
    layers.forEach((layer, i) => {
      if (!(layer instanceof BaseLayer)) {
        throw new InvalidOptionError('layers', `Sequential: layers[${i}] is not a @descent/layers layer`);
      }
    });
    const inputSize = reader.raw('inputSize') === undefined ? undefined : reader.number('inputSize', { integer: true, min: 1 });
    super(reader.raw('name') as string | undefined, layers as BaseLayer[]);
    if (inputSize !== undefined) this.build(inputSize);
  }
}
