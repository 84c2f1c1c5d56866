import { STATE_FORMAT, STATE_VERSION, StateError, type ParamsOptimizerState } from '@descent/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestLayer } from './helpers.js';
import { bits, Counting, disposeAll, layersFrom, makeLayers, setStepGrads, snapshotParams, tf } from './state-support.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
// A failed test must not leave variable names registered for the next one.
afterEach(() => tf.disposeVariables());

function train(optimizer: Counting, layers: TestLayer[], from: number, to: number): void {
  for (let step = from; step < to; step++) {
    setStepGrads(layers, step);
    optimizer.optimize(layers, 0);
  }
}

describe('getState', () => {
  it('writes a versioned document keyed by param name, with counters and base64 float32 data', () => {
    const layers = makeLayers();
    const optimizer = new Counting();
    train(optimizer, layers, 0, 3);
    const state = optimizer.getState() as ParamsOptimizerState;
    expect(state.format).toBe(STATE_FORMAT);
    expect(state.version).toBe(STATE_VERSION);
    expect(state.optimizer).toEqual({ type: 'Counting', config: { learningRate: 0.05 } });
    expect(state.counters).toEqual({ calls: 3 });
    expect(Object.keys(state.params)).toEqual(['dense/p0', 'dense/p1', 'head/p0']);
    const m = layers[0]!.entries[0]!.states[0]!;
    const saved = state.params['dense/p0']!.states[0]!;
    expect(saved.shape).toEqual([3, 4]);
    expect(saved.dtype).toBe('float32');
    // The reference encoding: Node's base64 of the little-endian float32 bytes.
    expect(saved.data).toBe(Buffer.from(new Float32Array(m.dataSync()).buffer).toString('base64'));
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    disposeAll(layers);
    optimizer.dispose();
  });

  it('without layers covers every param stepped so far; with layers exactly theirs', () => {
    const [dense, head] = makeLayers();
    const optimizer = new Counting();
    setStepGrads([dense!, head!], 0);
    optimizer.optimize([dense!], 0);
    expect(Object.keys(optimizer.getState().params ?? {})).toEqual(['dense/p0', 'dense/p1']);
    const withHead = optimizer.getState([dense!, head!]) as ParamsOptimizerState;
    expect(Object.keys(withHead.params)).toEqual(['dense/p0', 'dense/p1', 'head/p0']);
    expect(withHead.params['head/p0']!.states).toEqual([]); // not stepped yet: no states
    optimizer.optimize([head!], 0);
    expect(Object.keys((optimizer.getState() as ParamsOptimizerState).params)).toEqual(['dense/p0', 'dense/p1', 'head/p0']);
    disposeAll([dense!, head!]);
  });

  it('keeps subnormals, -0 and extreme floats bit for bit', () => {
    const layer = new TestLayer('odd', [[6]]);
    const optimizer = new Counting();
    const special = new Float32Array([-0, 1.4e-45, 3.4028234e38, -1.1754942e-38, 0.1, 1]);
    optimizer.setState({
      format: STATE_FORMAT, version: 1, optimizer: { type: 'Counting' }, counters: { calls: 0 },
      params: { 'odd/p0': { states: [0, 1].map(() => ({ shape: [6], dtype: 'float32', data: Buffer.from(special.buffer).toString('base64') })) } },
    }, [layer]);
    const back = new Float32Array(layer.entries[0]!.states[1]!.dataSync());
    expect(Array.from(new Uint32Array(back.buffer))).toEqual(Array.from(new Uint32Array(special.buffer)));
    expect((optimizer.getState() as ParamsOptimizerState).params['odd/p0']!.states[1]!.data).toBe(Buffer.from(special.buffer).toString('base64'));
    layer.dispose();
    optimizer.dispose();
  });

  it('refuses to save non-finite state, and two params with one name', () => {
    const layer = new TestLayer('nan', [[2]]);
    const optimizer = new Counting();
    layer.setGrads([[Number.NaN, 1]]);
    optimizer.optimize([layer], 0);
    expect(() => optimizer.getState()).toThrow(StateError);
    expect(() => optimizer.getState()).toThrow(/params\["nan\/p0"\]\.states\[0\] holds NaN at element 0/);
    // tfjs refuses two live variables with one name; a look-alike stands in for the second.
    const other = tf.variable(tf.zeros([2]), true, 'other');
    const lookAlike = Object.create(other, { name: { value: 'nan/p0' } }) as tf.Variable;
    const twin = { name: 'twin', getParams: () => [{ param: lookAlike, grad: layer.entries[0]!.grad, states: [] }] };
    expect(() => new Counting().getState([layer, twin])).toThrow(/two params are named "nan\/p0"/);
    layer.dispose();
    other.dispose();
  });
});

describe('exact resume (tfjs ops backend)', () => {
  it('k steps, save, JSON, new optimizer and new variables, N-k steps: bit-identical to N straight', () => {
    const N = 9;
    for (const k of [1, 4, 8]) {
      const straight = makeLayers(3);
      const a = new Counting();
      train(a, straight, 0, N);
      const expected = bits(straight);
      disposeAll(straight);
      a.dispose();

      const first = makeLayers(3);
      const b = new Counting();
      train(b, first, 0, k);
      const text = JSON.stringify(b.getState());
      const params = snapshotParams(first);
      disposeAll(first);
      b.dispose();

      const resumed = layersFrom(params);
      const c = new Counting();
      c.setState(JSON.parse(text), resumed);
      expect(c.calls).toBe(k);
      train(c, resumed, k, N);
      expect(bits(resumed)).toEqual(expected);
      disposeAll(resumed);
      c.dispose();
    }
  });

  it('setState(state) without layers installs at the next optimize(), with the same result', () => {
    const straight = makeLayers(5);
    const a = new Counting();
    train(a, straight, 0, 6);
    const expected = bits(straight);
    disposeAll(straight);

    const first = makeLayers(5);
    const b = new Counting();
    train(b, first, 0, 2);
    const state = JSON.parse(JSON.stringify(b.getState()));
    const params = snapshotParams(first);
    disposeAll(first);

    const resumed = layersFrom(params);
    const c = new Counting();
    c.setState(state);
    expect(c.calls).toBe(0); // pending until the next call
    expect(() => c.getState()).toThrow(/pending/);
    train(c, resumed, 2, 6);
    expect(c.calls).toBe(6);
    expect(bits(resumed)).toEqual(expected);
    disposeAll(resumed);
  });

  it('a param saved before its first step restores as a fresh one (existing states zeroed)', () => {
    const [dense, head] = makeLayers(2);
    const saver = new Counting();
    const state = JSON.parse(JSON.stringify(saver.getState([dense!, head!])));
    const optimizer = new Counting();
    train(optimizer, [dense!, head!], 0, 2);
    optimizer.setState(state, [dense!, head!]);
    expect(optimizer.calls).toBe(0);
    for (const e of [...dense!.entries, ...head!.entries]) for (const s of e.states) expect(Array.from(s.dataSync()).every((x) => x === 0)).toBe(true);
    disposeAll([dense!, head!]);
  });

  it('dispose() frees states that setState created', () => {
    const layers = makeLayers(4);
    const b = new Counting();
    train(b, layers, 0, 1);
    const state = b.getState();
    disposeAll(layers);
    b.dispose();
    const fresh = makeLayers(4);
    const before = tf.memory().numTensors;
    const c = new Counting();
    c.setState(state, fresh);
    expect(tf.memory().numTensors).toBe(before + 6);
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(fresh[0]!.entries[0]!.states).toEqual([]);
    disposeAll(fresh);
  });
});
