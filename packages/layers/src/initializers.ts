import * as tf from '@tensorflow/tfjs-core';
import { OptionReader } from '@descent/core';

/**
 * Fills a new parameter (neon's `Initializer.fill`). Seeded initializers are deterministic:
 * their k-th fill uses seed `seed + k`, so layers sharing one initializer get different values.
 */
export interface Initializer {
  /** A new float32 tensor of `shape` holding the initial values (the caller disposes it). */
  fill(shape: readonly number[]): tf.Tensor;
}

/** Reads the optional integer `seed` option; undefined means tfjs's unseeded generator. */
function readSeed(reader: OptionReader): number | undefined {
  return reader.raw('seed') === undefined ? undefined : reader.number('seed', { integer: true, min: 0 });
}

abstract class SeededInitializer implements Initializer {
  /** The first seed, or undefined for unseeded (non-deterministic) values. */
  readonly seed: number | undefined;
  #fills = 0;

  protected constructor(seed: number | undefined) {
    this.seed = seed;
  }

  /** A new tensor of `shape`, drawn with the next seed (see {@link Initializer}). */
  fill(shape: readonly number[]): tf.Tensor {
    const seed = this.seed === undefined ? undefined : this.seed + this.#fills;
    this.#fills += 1;
    return this.sample([...shape], seed);
  }

  /** Draws values of `shape` with `seed` (undefined: unseeded). */
  protected abstract sample(shape: number[], seed: number | undefined): tf.Tensor;
}

/** Every element `val` (default 0). */
export class Constant implements Initializer {
  /** The value of every element. */
  readonly val: number;
  constructor(options: { readonly val?: number } = {}) {
    this.val = new OptionReader('Constant', options, ['val']).number('val', { default: 0 });
  }
  /** A new tensor of `shape`, every element `val`. */
  fill(shape: readonly number[]): tf.Tensor {
    return tf.fill([...shape], this.val, 'float32');
  }
}

/** Uniform in `[low, high)` (defaults 0 and 1). */
export class Uniform extends SeededInitializer {
  /** The lower bound. */
  readonly low: number;
  /** The upper bound. */
  readonly high: number;
  constructor(options: { readonly low?: number; readonly high?: number; readonly seed?: number } = {}) {
    const reader: OptionReader = new OptionReader('Uniform', options, ['low', 'high', 'seed']);
    const low = reader.number('low', { default: 0 });
    const high = reader.number('high', { default: 1, min: low, minExclusive: true });
    super(readSeed(reader));
    this.low = low;
    this.high = high;
  }
  /** Uniform values in `[low, high)`. */
  protected sample(shape: number[], seed: number | undefined): tf.Tensor {
    return tf.randomUniform(shape, this.low, this.high, 'float32', seed);
  }
}

/** Normal with mean `loc` and standard deviation `scale` (defaults 0 and 1). */
export class Gaussian extends SeededInitializer {
  /** The mean. */
  readonly loc: number;
  /** The standard deviation. */
  readonly scale: number;
  constructor(options: { readonly loc?: number; readonly scale?: number; readonly seed?: number } = {}) {
    const reader: OptionReader = new OptionReader('Gaussian', options, ['loc', 'scale', 'seed']);
    const loc = reader.number('loc', { default: 0 });
    const scale = reader.number('scale', { default: 1, min: 0 });
    super(readSeed(reader));
    this.loc = loc;
    this.scale = scale;
  }
  /** Normal values with mean `loc` and standard deviation `scale`. */
  protected sample(shape: number[], seed: number | undefined): tf.Tensor {
    return tf.randomNormal(shape, this.loc, this.scale, 'float32', seed);
  }
}

/** neon's GlorotUniform: uniform in `±sqrt(6 / (sum of the dimensions))`. The default for Linear. */
export class GlorotUniform extends SeededInitializer {
  constructor(options: { readonly seed?: number } = {}) {
    super(readSeed(new OptionReader('GlorotUniform', options, ['seed'])));
  }
  /** Uniform values in `±sqrt(6 / (sum of the dimensions))`. */
  protected sample(shape: number[], seed: number | undefined): tf.Tensor {
    const limit = Math.sqrt(6 / shape.reduce((sum, d) => sum + d, 0));
    return tf.randomUniform(shape, -limit, limit, 'float32', seed);
  }
}

/** Checks that `value` is an initializer, naming the option. */
export function readInitializer(reader: OptionReader, name: string, fallback: () => Initializer): Initializer {
  const value = reader.raw(name);
  if (value === undefined) return fallback();
  if (typeof value !== 'object' || value === null || typeof (value as Initializer).fill !== 'function') {
    reader.fail(name, 'an initializer (an object with fill(shape))', value);
  }
  return value as Initializer;
}
