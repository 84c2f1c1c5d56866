import { InvalidOptionError, Optimizer, SpecificationVersionError } from '@descent/core';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { describe, expect, it } from 'vitest';
import { SpyOptimizer } from './helpers.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('MultiOptimizer options', () => {
  it('requires a default optimizer, naming "default"', () => {
    const error = thrown(() => new MultiOptimizer({ Linear: new SpyOptimizer('b') } as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('default');
    expect((error as Error).message).toMatch(/"default"/);
  });

  it('does not take an inherited "default" for the required one', () => {
    const mapping = Object.create({ default: new SpyOptimizer('a') }) as never;
    expect(() => new MultiOptimizer(mapping)).toThrow(InvalidOptionError);
  });

  it('rejects a mapping value that is not an optimizer, naming its key', () => {
    for (const bad of [{}, null, 3, 'adam', { optimize: 1 }]) {
      const error = thrown(() => new MultiOptimizer({ default: new SpyOptimizer('a'), Linear: bad as never }));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('Linear');
      expect((error as Error).message).toMatch(/"Linear"/);
    }
  });

  it('rejects an optimizer built for another specification version', () => {
    const foreign = { specificationVersion: 'v0', optimize() {}, validate() {}, dispose() {} };
    expect(() => new MultiOptimizer({ default: foreign as never })).toThrow(SpecificationVersionError);
    expect(() => new MultiOptimizer({ default: foreign as never })).toThrow(/"default"/);
  });

  it('rejects a mapping that is not an object', () => {
    for (const bad of [undefined, null, [new SpyOptimizer('a')], 'default']) {
      const error = thrown(() => new MultiOptimizer(bad as never));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('mapping');
    }
  });

  it('keeps a frozen copy of the mapping', () => {
    const a = new SpyOptimizer('a');
    const b = new SpyOptimizer('b');
    const given: Record<string, Optimizer> = { default: a, Linear: b };
    const multi = new MultiOptimizer(given as never);
    given.Linear = a;
    expect(multi.mapping.Linear).toBe(b);
    expect(Object.isFrozen(multi.mapping)).toBe(true);
  });

  it('disposes each distinct optimizer once, even when mapped under two keys', () => {
    const a = new SpyOptimizer('a');
    const b = new SpyOptimizer('b');
    new MultiOptimizer({ default: a, Linear: b, layer_two: a }).dispose();
    expect(a.disposed).toBe(1);
    expect(b.disposed).toBe(1);
  });
});
