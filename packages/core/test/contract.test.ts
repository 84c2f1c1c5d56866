import * as tf from '@tensorflow/tfjs-core';
import {
  type Backend, createOpsBackend, getBackend, getParamList, InvalidOptionError, type Layer, layerClassName,
  setBackend, SpecificationVersionError, SPECIFICATION_VERSION,
} from '@descent/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestLayer } from './helpers.js';

describe('getParamList', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('walks containers recursively, in order, skipping param-less layers', () => {
    const a = new TestLayer('a', [[2]]);
    const b = new TestLayer('b', [[3], [4]]);
    const c = new TestLayer('c', [[1]]);
    const activation: Layer = { name: 'relu' };
    const inner: Layer = { name: 'inner', layers: [b, activation] };
    const outer: Layer = { name: 'outer', layers: [a, inner] };
    const names = getParamList([outer, c]).map((e) => e.param.name);
    expect(names).toEqual(['a/p0', 'b/p0', 'b/p1', 'c/p0']);
    for (const l of [a, b, c]) l.dispose();
  });

  it('reports className, else the constructor name', () => {
    class Linear implements Layer { name = 'x'; }
    expect(layerClassName(new Linear())).toBe('Linear');
    expect(layerClassName({ name: 'y', className: 'Dense' })).toBe('Dense');
  });
});

describe('backend registry', () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  it('defaults to the tfjs-ops backend with batchSize 1', () => {
    expect(getBackend().name).toBe('tfjs-ops');
    expect(getBackend().batchSize).toBe(1);
  });

  it('validates batchSize', () => {
    const backend = createOpsBackend();
    for (const bad of [0, -2, Number.NaN, Infinity]) {
      expect(() => { backend.batchSize = bad; }).toThrow(InvalidOptionError);
    }
    backend.batchSize = 32;
    expect(backend.batchSize).toBe(32);
  });

  it('refuses a backend built for another specification version', () => {
    const foreign = { ...createOpsBackend(), specificationVersion: 'v0', name: 'old', runUpdate() {} } as unknown as Backend;
    expect(() => setBackend(foreign)).toThrow(SpecificationVersionError);
    expect(() => setBackend(foreign)).toThrow(/"v0".*"v1"/);
    expect(SPECIFICATION_VERSION).toBe('v1');
  });

  it('switches the backend every optimizer uses', () => {
    const other = createOpsBackend({ batchSize: 8 });
    setBackend(other);
    expect(getBackend()).toBe(other);
  });
});
