import { isDescentError, StateError } from '@descent/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestLayer } from './helpers.js';
import { bits, Counting, disposeAll, setStepGrads, tf } from './state-support.js';

let layers: TestLayer[];
let optimizer: Counting;
let valid: string;
let before: number[][];

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  layers = [new TestLayer('fz', [[3], [2, 2]], 5)];
  optimizer = new Counting();
  setStepGrads(layers, 0);
  optimizer.optimize(layers, 0);
  valid = JSON.stringify(optimizer.getState());
  before = bits(layers);
});
afterAll(() => {
  disposeAll(layers);
  optimizer.dispose();
});

/** setState must either succeed or throw a StateError; on failure nothing may have changed. */
function load(document: unknown): 'ok' | StateError {
  for (const withLayers of [true, false]) {
    try {
      optimizer.setState(document, withLayers ? layers : undefined);
      if (!withLayers) optimizer.validate(layers, 0); // a pending state is matched here
    } catch (error) {
      if (!(error instanceof StateError) || !isDescentError(error)) throw error;
      expect(typeof error.field).toBe('string');
      expect(optimizer.calls).toBe(1);
      expect(bits(layers)).toEqual(before);
      // Drop a pending state that matched no call, so the next case starts clean.
      optimizer.setState(JSON.parse(valid), layers);
      return error;
    }
  }
  optimizer.setState(JSON.parse(valid), layers);
  return 'ok';
}

type Json = unknown;
/** Every path (list of keys) into a JSON tree. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}
function replaceAt(root: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path.at(-1)!] = replacement;
  return copy;
}

const adversarialKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', 'fz/p0');
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 2 ** 53, -1, 1.5, '', 'AAAA', [], {}, null),
  fc.array(fc.nat(), { maxLength: 40 }),
  fc.dictionary(adversarialKey, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.base64String({ maxLength: 40 }),
);

describe('state loader fuzz (fast-check)', () => {
  it('random JSON is refused with a StateError', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(load(value)).toBeInstanceOf(StateError);
      }),
      { numRuns: 200 },
    );
  });

  it('a valid document with one value replaced anywhere loads or is refused with a StateError', () => {
    const document = JSON.parse(valid) as Json;
    const all = paths(document);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), replacement, (at, value) => {
        load(replaceAt(document, all[at]!, value));
      }),
      { numRuns: 400 },
    );
  });

  it('adversarial keys inserted into any object of the JSON text are refused', () => {
    const objectStarts = [...valid.matchAll(/\{/g)].map((m) => m.index!);
    fc.assert(
      fc.property(fc.constantFrom(...objectStarts), fc.constantFrom('__proto__', 'constructor', 'prototype'), (at, key) => {
        const text = `${valid.slice(0, at + 1)}"${key}":{"x":1},${valid.slice(at + 1)}`;
        const error = load(JSON.parse(text));
        expect(error).toBeInstanceOf(StateError);
        expect((error as StateError).field).toContain(`["${key}"]`);
      }),
      { numRuns: 100 },
    );
  });

  it('random data strings load only when they are canonical base64 of finite floats', () => {
    const document = JSON.parse(valid) as { params: Record<string, { states: { data: string }[] }> };
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.boolean(), (bytes, mangle) => {
        let data = Buffer.from(bytes).toString('base64');
        if (mangle) data = `${data.slice(0, -2)}==`;
        const copy = structuredClone(document);
        copy.params['fz/p0']!.states[0]!.data = data;
        const result = load(copy);
        const floats = new Float32Array(bytes.buffer, bytes.byteOffset, 3);
        const canonical = data === Buffer.from(bytes).toString('base64');
        expect(result === 'ok').toBe(canonical && floats.every(Number.isFinite));
      }),
      { numRuns: 300 },
    );
  });

  it('huge arrays are refused without decoding', () => {
    const copy = JSON.parse(valid) as { params: Record<string, { states: { shape: number[]; data: string }[] }> };
    copy.params['fz/p0']!.states[0]!.shape = new Array(1_000_000).fill(2);
    expect(load(copy)).toBeInstanceOf(StateError);
    copy.params['fz/p0']!.states[0]!.shape = [3];
    copy.params['fz/p0']!.states[0]!.data = 'A'.repeat(8_000_000);
    expect((load(copy) as StateError).field).toBe('params["fz/p0"].states[0].data');
  });
});
