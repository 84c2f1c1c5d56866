import '@tensorflow/tfjs-backend-cpu';
import { getParamList, InvalidOptionError, SPECIFICATION_VERSION } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { expectTypedRejection, fuzzOptions, HostileError } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disposeCreated, Linear, SpyOptimizer } from './helpers.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
afterEach(disposeCreated);

/** Mapping values that are often valid: optimizers, and near-optimizers of other versions. */
const plausible = fc.oneof(
  fc.constant(null).map(() => new SpyOptimizer('spy')),
  fc.constant(null).map(() => new GradientDescentMomentum({ learningRate: 0.1 })),
  fc.constantFrom({ optimize() {} }, { optimize() {}, specificationVersion: 'v0' }, { optimize: 1 }),
);

describe('MultiOptimizer: hostile mappings', () => {
  it('every rejection is a typed error naming the key; an accepted mapping routes and steps', () => {
    const layers = [new Linear('layer_two'), new Linear('other')];
    fuzzOptions((mapping) => new MultiOptimizer(mapping as never), ['default', 'Linear', 'layer_two'], {
      plausible,
      anyKey: true,
      accepted: (multi) => {
        const groups = multi.route(layers);
        expect(groups.flatMap((g) => g.layers.map((l) => l.name)).sort()).toEqual(['layer_two', 'other']);
        multi.optimize(layers, 0);
        expect(getParamList(layers)).toHaveLength(2);
      },
    });
  });

  it('a getter that throws names its key, with the original error as the cause', () => {
    const mapping = Object.defineProperty({ default: new SpyOptimizer('a') }, 'Linear', {
      enumerable: true,
      get() {
        throw new HostileError('getter');
      },
    });
    const error = expectTypedRejection(() => new MultiOptimizer(mapping as never), ['Linear']);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error?.cause).toBeInstanceOf(HostileError);
  });

  it('an optimizer whose specificationVersion getter throws is a typed rejection', () => {
    const foreign = Object.defineProperty({ optimize() {} }, 'specificationVersion', {
      get() {
        throw new HostileError('version');
      },
    });
    expectTypedRejection(() => new MultiOptimizer({ default: foreign as never }), ['default', 'specificationVersion']);
    expect(SPECIFICATION_VERSION).toBe('v1');
  });

  it('a "__proto__" or "constructor" key is a plain layer name, never a prototype', () => {
    const spy = new SpyOptimizer('proto');
    const mapping = { default: new SpyOptimizer('d') };
    Object.defineProperty(mapping, '__proto__', { value: spy, enumerable: true }); // as JSON.parse makes it
    const multi = new MultiOptimizer(mapping as never);
    expect(multi.optimizerFor(new Linear('__proto__'))).toBe(spy);
    expect(multi.optimizerFor(new Linear('constructor'))).toBe(mapping.default);
    expect(multi.optimizerFor(new Linear('toString'))).toBe(mapping.default);
  });
});
