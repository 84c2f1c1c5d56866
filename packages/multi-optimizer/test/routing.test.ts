import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '@descent/core';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Activation, Block, disposeCreated, Linear, paramLabel, SpyOptimizer } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(disposeCreated);

function setup() {
  const log: string[] = [];
  const a = new SpyOptimizer('A', log);
  const b = new SpyOptimizer('B', log);
  const c = new SpyOptimizer('C', log);
  return { log, a, b, c, multi: new MultiOptimizer({ default: a, Linear: b, layer_two: c }) };
}

class Bias extends Linear {}
class MaskedLinear extends Linear {}

describe('MultiOptimizer routing', () => {
  it('routes by name first, then exact class name, then default', () => {
    const { a, b, c, multi } = setup();
    const one = new Linear('layer_one');
    const two = new Linear('layer_two'); // class Linear too, but its name wins
    const bias = new Bias('layer_two_bias');
    multi.optimize([one, two, bias], 0);
    expect(b.calls.map((call) => call.layers)).toEqual([['layer_one']]);
    expect(c.calls.map((call) => call.layers)).toEqual([['layer_two']]);
    expect(a.calls.map((call) => call.layers)).toEqual([['layer_two_bias']]);
    expect(multi.optimizerFor(bias)).toBe(a);
  });

  it('matches the exact class: a subclass of Linear is not routed as Linear', () => {
    const { a, b, multi } = setup();
    const masked = new MaskedLinear('masked');
    multi.optimize([masked], 0);
    expect(b.calls).toHaveLength(0);
    expect(a.calls.map((call) => call.layers)).toEqual([['masked']]);
  });

  it('uses a layer\'s className property before its constructor name', () => {
    const { b, multi } = setup();
    const renamed = Object.assign(new MaskedLinear('renamed'), { className: 'Linear' });
    multi.optimize([renamed], 0);
    expect(b.calls.map((call) => call.layers)).toEqual([['renamed']]);
  });

  it('does not look names up on Object.prototype', () => {
    const { a, b, multi } = setup();
    const odd = new Linear('constructor');
    const odder = Object.assign(new Linear('toString'), { className: 'hasOwnProperty' });
    expect(multi.optimizerFor(odd)).toBe(b); // by its class, Linear
    expect(multi.optimizerFor(odder)).toBe(a);
  });

  it('walks containers recursively and skips layers without parameters', () => {
    const { a, b, c, multi } = setup();
    const model = new Block('model', [
      new Block('inner', [new Linear('x'), new Activation('x_Softmax')]),
      new Activation('relu'),
      new Linear('layer_two'),
    ]);
    multi.optimize([model], 3);
    expect(b.calls.map((call) => [call.layers, call.params.map(paramLabel), call.epoch])).toEqual([[['x'], ['x/W'], 3]]);
    expect(c.calls.map((call) => call.layers)).toEqual([['layer_two']]);
    expect(a.calls).toHaveLength(0);
  });

  it('hands a container with parameters of its own only those; its children are routed on their own', () => {
    const { a, b, multi } = setup();
    const child = new Linear('child');
    const own = new Linear('own');
    const container: Layer = { name: 'container', layers: [child], getParams: () => own.getParams() };
    multi.optimize([container], 0);
    expect(a.calls.map((call) => call.params.map(paramLabel))).toEqual([['own/W']]);
    expect(b.calls.map((call) => call.params.map(paramLabel))).toEqual([['child/W']]);
  });

  it('skips a layer whose getParams() is empty (e.g. not built yet)', () => {
    const { a, multi } = setup();
    multi.optimize([{ name: 'unbuilt', getParams: () => [] }], 0);
    expect(a.calls).toHaveLength(0);
  });

  it('rejects a layer tree that contains itself', () => {
    const { multi } = setup();
    const loop: { name: string; layers: Layer[] } = { name: 'loop', layers: [] };
    loop.layers.push(loop);
    expect(() => multi.optimize([loop], 0)).toThrow(/contains itself/);
  });
});

describe('MultiOptimizer never caches routing by the layer list', () => {
  it('routes the same layers in a new array the same way', () => {
    const { a, b, multi } = setup();
    const l1 = new Linear('l1');
    const bias = new Bias('l1_bias');
    multi.optimize([l1, bias], 0);
    multi.optimize([l1, bias], 0);
    multi.optimize([bias, l1], 1);
    expect(b.calls.map((call) => call.layers)).toEqual([['l1'], ['l1'], ['l1']]);
    expect(a.calls.map((call) => call.layers)).toEqual([['l1_bias'], ['l1_bias'], ['l1_bias']]);
  });

  it('routes the contents of a reused array, not what it held before', () => {
    const { a, b, multi } = setup();
    const list: Layer[] = [new Linear('first')];
    multi.optimize(list, 0);
    list.splice(0, 1, new Bias('second'));
    multi.optimize(list, 0);
    expect(b.calls.map((call) => call.layers)).toEqual([['first']]);
    expect(a.calls.map((call) => call.layers)).toEqual([['second']]);
  });

  it('routes alternating generator and discriminator lists correctly (neon\'s GAN mis-routing)', () => {
    class GenLinear extends Linear {}
    const g = new SpyOptimizer('G');
    const d = new SpyOptimizer('D');
    const dOut = new SpyOptimizer('Dout');
    const multi = new MultiOptimizer({ default: d, GenLinear: g, disc_out: dOut });
    const generator = [new GenLinear('gen_0'), new GenLinear('gen_1')];
    const discriminator = [new Linear('disc_0'), new Linear('disc_out')];
    // One list object reused for both halves, as a recycled id would be in neon.
    const shared: Layer[] = [];
    for (let step = 0; step < 4; step++) {
      shared.splice(0, shared.length, ...discriminator);
      multi.optimize(shared, 0);
      shared.splice(0, shared.length, ...generator);
      multi.optimize(shared, 0);
      multi.optimize([...discriminator], 0);
    }
    expect(g.calls.map((call) => call.layers)).toEqual(Array(4).fill(['gen_0', 'gen_1']));
    expect(d.calls.map((call) => call.layers)).toEqual(Array(8).fill(['disc_0']));
    expect(dOut.calls.map((call) => call.layers)).toEqual(Array(8).fill(['disc_out']));
  });
});
