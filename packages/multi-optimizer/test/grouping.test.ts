import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disposeCreated, Linear, SpyOptimizer, StepCountingOptimizer } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(disposeCreated);

class Bias extends Linear {}

describe('MultiOptimizer grouping', () => {
  it('groups layers by optimizer in order of first appearance, one call per optimizer per call', () => {
    const log: string[] = [];
    const a = new SpyOptimizer('A', log);
    const b = new SpyOptimizer('B', log);
    const c = new SpyOptimizer('C', log);
    const multi = new MultiOptimizer({ default: a, Linear: b, special: c });
    const layers = [new Bias('b0'), new Linear('l0'), new Bias('b1'), new Linear('special'), new Linear('l1')];
    multi.optimize(layers, 2);
    expect(log).toEqual(['A', 'B', 'C']);
    expect(a.calls).toEqual([expect.objectContaining({ layers: ['b0', 'b1'], epoch: 2 })]);
    expect(b.calls).toEqual([expect.objectContaining({ layers: ['l0', 'l1'], epoch: 2 })]);
    expect(c.calls).toEqual([expect.objectContaining({ layers: ['special'], epoch: 2 })]);
    expect(multi.route(layers).map((group) => group.optimizer)).toEqual([a, b, c]);
  });

  it('makes one group of an optimizer mapped under two keys', () => {
    const log: string[] = [];
    const a = new SpyOptimizer('A', log);
    const b = new SpyOptimizer('B', log);
    const multi = new MultiOptimizer({ default: a, Linear: b, odd_bias: b });
    multi.optimize([new Linear('l0'), new Bias('b0'), new Bias('odd_bias'), new Linear('l1')], 0);
    expect(log).toEqual(['B', 'A']);
    expect(b.calls.map((call) => call.layers)).toEqual([['l0', 'odd_bias', 'l1']]);
  });

  it('does not call an optimizer that no layer is routed to', () => {
    const a = new SpyOptimizer('A');
    const b = new SpyOptimizer('B');
    new MultiOptimizer({ default: a, Linear: b }).optimize([new Bias('only_bias')], 0);
    expect(b.calls).toHaveLength(0);
    expect(a.calls).toHaveLength(1);
  });

  it('counts steps per group: an Adam-like t advances once per call, however many layers it has', () => {
    const perGroup = new StepCountingOptimizer();
    const fallback = new StepCountingOptimizer();
    const multi = new MultiOptimizer({ default: fallback, Linear: perGroup });
    const layers = [new Linear('l0'), new Linear('l1'), new Linear('l2'), new Bias('b0')];
    for (let step = 0; step < 5; step++) multi.optimize(layers, 0);
    expect(perGroup.t).toBe(5);
    expect(fallback.t).toBe(5);
    // ...and every layer was updated once per call: 5 steps of 0.1 * grad (ones).
    for (const layer of layers) {
      const values = Array.from(layer.entry.param.dataSync());
      [0.5, 1.5, 2.5].forEach((expected, i) => expect(values[i]).toBeCloseTo(expected, 5));
    }
  });
});
