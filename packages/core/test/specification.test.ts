import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  assertSpecificationVersion,
  type Backend,
  createOpsBackend,
  defineUpdate,
  ElementwiseOptimizer,
  getBackend,
  isDescentError,
  setBackend,
  SPECIFICATION_VERSION,
  SpecificationVersionError,
  validateEntries,
} from '@descent/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestLayer } from './helpers.js';

const SLOT = Symbol.for('descent.backend');
const slot = globalThis as { [SLOT]?: Backend };

const sgd = defineUpdate({
  name: 'spec-sgd',
  states: ['v'],
  scalars: ['lr'],
  update: ({ param, grad, v }, s) => ({ v: v.add(grad), param: param.sub(s.lr.mul(grad)) }),
});

class Sgd extends ElementwiseOptimizer<'v', 'lr'> {
  constructor() {
    super(sgd, {});
  }
  protected override stepScalars(): Record<'lr', number> {
    return { lr: 0.1 };
  }
}

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('assertSpecificationVersion', () => {
  it('accepts the version this core speaks and names both versions otherwise', () => {
    expect(() => assertSpecificationVersion('x', { specificationVersion: SPECIFICATION_VERSION })).not.toThrow();
    for (const declared of [undefined, 'v0', 'v2', 1]) {
      const attempt = () => assertSpecificationVersion('optimizer "Lion"', { specificationVersion: declared });
      expect(attempt).toThrow(SpecificationVersionError);
      expect(attempt).toThrow(`optimizer "Lion" declares specificationVersion ${JSON.stringify(declared)}, but this @descent/core implements "v1"`);
    }
  });

  it('is what every Optimizer declares', () => {
    expect(new Sgd().specificationVersion).toBe(SPECIFICATION_VERSION);
  });
});

describe('a backend set by another copy of @descent/core', () => {
  const original = getBackend();
  afterEach(() => {
    slot[SLOT] = original;
  });

  it('is refused by getBackend(), and so by every step, before anything is written or created', () => {
    const layer = new TestLayer('spec', [[3], [2, 2]]);
    layer.setGrads([[1, 2, 3], [1, 1, 1, 1]]);
    const before = layer.entries.map((e) => Array.from(e.param.dataSync()));
    // Another copy's setBackend checked it against ITS version; the global slot is shared.
    slot[SLOT] = { ...createOpsBackend(), specificationVersion: 'v2', name: 'future', runUpdate() {} } as unknown as Backend;
    expect(() => getBackend()).toThrow(SpecificationVersionError);
    expect(() => getBackend()).toThrow(/backend "future" \(set by another copy of @descent\/core\) declares specificationVersion "v2"/);
    const optimizer = new Sgd();
    expect(() => optimizer.validate([layer], 0)).toThrow(SpecificationVersionError);
    expect(() => optimizer.optimize([layer], 0)).toThrow(SpecificationVersionError);
    expect(layer.entries.map((e) => Array.from(e.param.dataSync()))).toEqual(before);
    expect(layer.entries.every((e) => e.states.length === 0)).toBe(true);
    slot[SLOT] = original;
    optimizer.optimize([layer], 0);
    expect(layer.entries.every((e) => e.states.length === 1)).toBe(true);
    optimizer.dispose();
    layer.dispose();
  });

  it('does not affect setBackend, which checks the backend it is given', () => {
    const own = createOpsBackend();
    setBackend(own);
    expect(getBackend()).toBe(own);
  });
});

describe('validateEntries (for optimizers on the imperative route)', () => {
  it('throws a typed error naming the tensor, and accepts a good call', () => {
    const layer = new TestLayer('ve', [[3]]);
    expect(() => validateEntries('Mine', layer.getParams(), 1)).not.toThrow();
    layer.entries[0]!.grad = tf.zeros([4]);
    let thrown: unknown;
    try {
      validateEntries('Mine', layer.getParams(), 1);
    } catch (error) {
      thrown = error;
    }
    expect(isDescentError(thrown) && (thrown as { tensor?: string }).tensor).toBe('grad of param "ve/p0"');
    layer.dispose();
  });
});
