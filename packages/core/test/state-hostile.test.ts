import { isDescentError, StateError } from '@descent/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// By path: @descent/testing depends on @descent/core, so core cannot depend on it.
import { expectTypedRejection } from '../../testing/src/expect-typed-rejection.js';
import { hostileOptions, hostileValue } from '../../testing/src/hostile-values.js';
import { TestLayer } from './helpers.js';
import { bits, Counting, disposeAll, setStepGrads, tf } from './state-support.js';

/** Counting with skipNonFinite. */
const skipping = () => new Counting(0.05, { skipNonFinite: true });

let layers: TestLayer[];
let optimizer: Counting;
let valid: unknown;
let before: number[][];

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  layers = [new TestLayer('hz', [[3], [2, 2]], 5)];
  optimizer = new Counting();
  setStepGrads(layers, 0);
  optimizer.optimize(layers, 0);
  valid = JSON.parse(JSON.stringify(optimizer.getState()));
  before = bits(layers);
});
afterAll(() => {
  disposeAll(layers);
  optimizer.dispose();
});

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** A copy of `root` with the value at `path` replaced (not cloned: hostile values stay as they are). */
function replaceAt(root: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = replacement;
  return copy;
}

describe('hostile input: the state loader', () => {
  it('non-JSON values anywhere in a valid document (getters, Proxies, symbols, bigints, deep nesting, huge arrays) are typed rejections and change nothing', () => {
    const all = paths(valid);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), hostileValue(), fc.boolean(), (at, value, withLayers) => {
        const document = replaceAt(valid, all[at]!, value);
        const error = expectTypedRejection(() => optimizer.setState(document, withLayers ? layers : undefined), () => true);
        if (error) {
          expect(optimizer.calls).toBe(1);
          expect(bits(layers)).toEqual(before);
        }
        optimizer.setState(structuredClone(valid), layers);
      }),
      { numRuns: 300 },
    );
  });

  it('hostile state options are InvalidOptionErrors naming the option', () => {
    fc.assert(
      fc.property(hostileOptions(['maxBytes'], fc.oneof(fc.nat(), fc.constant(Infinity))), (options) => {
        // A valid but small maxBytes is a StateError naming the tensor that does not fit: any field.
        expectTypedRejection(() => optimizer.setState(structuredClone(valid), layers, options as never), () => true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('skippedSteps in saved state', () => {
  it('is saved with skipNonFinite, restored exactly, and checked', async () => {
    const layer = new TestLayer('sk', [[3]], 9);
    const source = skipping();
    const target = skipping();
    try {
      layer.setGrads([[1, Number.NaN, 2]]);
      source.optimize([layer], 0);
      source.optimize([layer], 0);
      const state = JSON.parse(JSON.stringify(source.getState())) as { counters: Record<string, unknown> };
      expect(state.counters).toEqual({ calls: 2, skippedSteps: 2 });
      target.setState(state, [layer]);
      expect(await target.skippedSteps).toBe(2);
      for (const bad of [-1, 1.5, 2 ** 24 + 1, 'x']) {
        const error = expectTypedRejection(() => target.setState({ ...state, counters: { ...state.counters, skippedSteps: bad } }, [layer]), ['counters.skippedSteps']);
        expect(error).toBeInstanceOf(StateError);
      }
      // An optimizer without skipNonFinite does not count skips: the counter is unknown to it.
      const plain = new Counting();
      expect(() => plain.setState(state, [layer])).toThrow(/no counter "skippedSteps"/);
      plain.dispose();
      expect(isDescentError(new StateError('x', 'y'))).toBe(true);
    } finally {
      source.dispose();
      target.dispose();
      layer.dispose();
    }
  });
});
