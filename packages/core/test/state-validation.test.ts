import { InvalidOptionError, type Layer, StateError } from '@descent/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestLayer } from './helpers.js';
import { bits, Counting, disposeAll, makeLayers, setStepGrads, tf } from './state-support.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
// A failed test must not leave variable names registered for the next one.
afterEach(() => tf.disposeVariables());

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A trained optimizer, its layers and a valid JSON document of its state. */
function fixture(): { optimizer: Counting; layers: TestLayer[]; doc: () => Doc } {
  const layers = makeLayers(11);
  const optimizer = new Counting();
  for (let step = 0; step < 2; step++) {
    setStepGrads(layers, step);
    optimizer.optimize(layers, 0);
  }
  const text = JSON.stringify(optimizer.getState());
  return { optimizer, layers, doc: () => JSON.parse(text) as Doc };
}

const b64 = (values: number[]) => Buffer.from(new Float32Array(values).buffer).toString('base64');

/** [what, corruption of a fresh doc (or raw JSON text), expected field]. */
const CASES: [string, (d: Doc) => unknown, string | RegExp][] = [
  ['not an object', () => 42, ''],
  ['null', () => null, ''],
  ['unknown format', (d) => ({ ...d, format: 'tfjs-optimizer' }), 'format'],
  ['missing format', ({ format: _f, ...rest }) => rest, 'format'],
  ['future version', (d) => ({ ...d, version: 2 }), 'version'],
  ['version as a string', (d) => ({ ...d, version: '1' }), 'version'],
  ['wrong optimizer type', (d) => ({ ...d, optimizer: { type: 'Adam' } }), 'optimizer.type'],
  ['config not an object', (d) => ({ ...d, optimizer: { type: 'Counting', config: [1] } }), 'optimizer.config'],
  ['unknown top-level field', (d) => ({ ...d, extra: 1 }), 'extra'],
  ['missing counter', (d) => ({ ...d, counters: {} }), 'counters.calls'],
  ['extra counter', (d) => ({ ...d, counters: { calls: 2, t: 1 } }), 'counters.t'],
  ['negative counter', (d) => ({ ...d, counters: { calls: -1 } }), 'counters.calls'],
  ['missing param', (d) => { delete d.params['head/p0']; return d; }, 'params["head/p0"]'],
  ['extra param', (d) => { d.params['ghost/W'] = { states: [] }; return d; }, 'params["ghost/W"]'],
  ['wrong state count', (d) => { d.params['head/p0'].states.pop(); return d; }, 'params["head/p0"].states'],
  ['shape mismatch', (d) => { d.params['dense/p0'].states[1].shape = [4, 3]; return d; }, 'params["dense/p0"].states[1].shape'],
  ['negative dim', (d) => { d.params['dense/p1'].states[0].shape = [-4]; return d; }, 'params["dense/p1"].states[0].shape[0]'],
  ['fractional dim', (d) => { d.params['dense/p1'].states[0].shape = [4.5]; return d; }, 'params["dense/p1"].states[0].shape[0]'],
  ['dtype', (d) => { d.params['dense/p1'].states[0].dtype = 'int32'; return d; }, 'params["dense/p1"].states[0].dtype'],
  ['data too short', (d) => { d.params['dense/p1'].states[0].data = b64([1, 2, 3]); return d; }, 'params["dense/p1"].states[0].data'],
  ['data too long', (d) => { d.params['dense/p1'].states[0].data = b64([1, 2, 3, 4, 5]); return d; }, 'params["dense/p1"].states[0].data'],
  ['data not base64', (d) => { d.params['dense/p1'].states[0].data = '!'.repeat(24); return d; }, 'params["dense/p1"].states[0].data'],
  ['base64 with whitespace', (d) => { const s = d.params['dense/p1'].states[0].data as string; d.params['dense/p1'].states[0].data = ` ${s.slice(1)}`; return d; }, 'params["dense/p1"].states[0].data'],
  ['data a number', (d) => { d.params['dense/p1'].states[0].data = 7; return d; }, 'params["dense/p1"].states[0].data'],
  ['NaN in data', (d) => { d.params['dense/p1'].states[1].data = b64([1, Number.NaN, 3, 4]); return d; }, 'params["dense/p1"].states[1].data[1]'],
  ['Infinity in data', (d) => { d.params['dense/p1'].states[1].data = b64([1, 2, 3, -Infinity]); return d; }, 'params["dense/p1"].states[1].data[3]'],
  ['__proto__ at the root', () => JSON.parse('{"__proto__": {"x": 1}}'), '["__proto__"]'],
  ['__proto__ in params', (d) => JSON.parse(JSON.stringify(d).replace('"params":{', '"params":{"__proto__":{"states":[]},')), 'params["__proto__"]'],
  ['constructor in a saved tensor', (d) => JSON.parse(JSON.stringify(d).replace('"dtype":"float32"', '"dtype":"float32","constructor":1')), /\["constructor"\]$/],
  ['prototype in config', (d) => ({ ...d, optimizer: { type: 'Counting', config: { prototype: {} } } }), 'optimizer.config["prototype"]'],
  ['NaN counter (in memory)', (d) => ({ ...d, counters: { calls: Number.NaN } }), 'counters.calls'],
  ['a function (in memory)', (d) => ({ ...d, params: () => 1 }), 'params'],
  ['an accessor (in memory)', (d) => Object.defineProperty({ ...d }, 'params', { get: () => { throw new Error('boom'); }, enumerable: true }), 'params'],
  ['a Map (in memory)', (d) => ({ ...d, params: new Map() }), 'params'],
  ['deep nesting', (d) => { let deep: unknown = 1; for (let i = 0; i < 200; i++) deep = [deep]; return { ...d, optimizer: { type: 'Counting', config: { deep } } }; }, /^optimizer\.config\.deep/],
];

describe('setState rejects bad documents with a StateError naming the field, and changes nothing', () => {
  for (const [what, corrupt, field] of CASES) {
    it(what, () => {
      const { optimizer, layers, doc } = fixture();
      const before = bits(layers);
      for (const withLayers of [true, false]) {
        let error: unknown;
        try {
          optimizer.setState(corrupt(doc()), withLayers ? layers : undefined);
        } catch (e) {
          error = e;
        }
        // Without layers, a param-level mismatch is only found at the next call.
        if (error === undefined && !withLayers) {
          setStepGrads(layers, 5);
          try {
            optimizer.optimize(layers, 0);
          } catch (e) {
            error = e;
          }
        }
        expect(error, `${what}, layers: ${withLayers}`).toBeInstanceOf(StateError);
        const actual = (error as StateError).field;
        if (typeof field === 'string') expect(actual).toBe(field);
        else expect(actual).toMatch(field);
        expect((error as Error).message.length).toBeGreaterThan(10);
        expect(optimizer.calls).toBe(2);
        expect(bits(layers)).toEqual(before);
      }
      disposeAll(layers);
      optimizer.dispose();
    });
  }
});

describe('size limits', () => {
  it('refuses a document over maxBytes before decoding, and accepts it under a larger limit', () => {
    const { optimizer, layers, doc } = fixture();
    // 3 params x 2 states: (12 + 4 + 8) * 2 floats = 192 bytes.
    expect(() => optimizer.setState(doc(), layers, { maxBytes: 191 })).toThrow(/maxBytes/);
    expect(() => optimizer.setState(doc(), layers, { maxBytes: 192 })).not.toThrow();
    expect(() => optimizer.setState(doc(), layers, { maxBytes: -1 })).toThrow(InvalidOptionError);
    expect(() => optimizer.setState(doc(), layers, { maxbytes: 1 } as never)).toThrow(InvalidOptionError);
    disposeAll(layers);
  });

  it('refuses a huge claimed shape without allocating it', () => {
    const { optimizer, doc } = fixture();
    const d = doc();
    d.params['dense/p1'].states[0].shape = [2 ** 26, 2 ** 26];
    expect(() => optimizer.setState(d)).toThrow(StateError);
    d.params['dense/p1'].states[0].shape = new Array(40).fill(1);
    expect(() => optimizer.setState(d)).toThrow(/dimensions/);
  });
});

describe('pending state (setState without layers)', () => {
  it('a mismatching next call throws before writing and keeps the state pending; a matching one installs it', () => {
    const { optimizer, layers, doc } = fixture();
    const [dense, head] = layers as [TestLayer, TestLayer];
    optimizer.setState(doc());
    const before = bits(layers);
    setStepGrads(layers, 3);
    expect(() => optimizer.optimize([dense], 0)).toThrow(/params\["head\/p0"\] names no param of this optimize\(\) call/);
    expect(() => optimizer.validate([dense], 0)).toThrow(StateError);
    expect(bits(layers)).toEqual(before);
    expect(optimizer.calls).toBe(2);
    optimizer.optimize([dense, head] as Layer[], 0);
    expect(optimizer.calls).toBe(3);
    expect(() => optimizer.getState()).not.toThrow();
    disposeAll(layers);
  });

  it('a prepared state installs once', () => {
    const { optimizer, layers, doc } = fixture();
    const prepared = optimizer.prepareState(doc(), layers);
    expect(prepared.bytes).toBe(192);
    prepared.install();
    expect(() => prepared.install()).toThrow(StateError);
    disposeAll(layers);
  });
});
