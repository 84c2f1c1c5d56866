import * as tf from '@tensorflow/tfjs-core';
import { defineUpdate, ElementwiseOptimizer, getBackend, OptionReader, readClipOptions, type ClipOptions } from '@descent/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, seededValues, TestLayer } from './helpers.js';

/** A momentum rule through the IR, to exercise core's pipeline around it. */
const rule = defineUpdate({
  name: 'test-momentum',
  states: ['v'],
  scalars: ['lr', 'mom'],
  update: ({ param, grad, v }, s, { clipScale }) => {
    const v1 = s.mom.mul(v).sub(s.lr.mul(clipScale).mul(grad));
    return { v: v1, param: param.add(v1) };
  },
});

class TestMomentum extends ElementwiseOptimizer<'v', 'lr' | 'mom'> {
  constructor(options: ClipOptions = {}) {
    super(rule, readClipOptions(new OptionReader('TestMomentum', options, ['gradientClipNorm', 'gradientClipValue', 'paramClipValue'])));
  }
  protected override stepScalars(epoch: number) {
    return { lr: 0.1 / (1 + epoch), mom: 0.9 };
  }
}

/** NEON_SEMANTICS "Shared pipeline", in float64. */
function referenceStep(params: number[][], velocities: number[][], grads: number[][], epoch: number, o: ClipOptions, bsz: number) {
  let sf = 1;
  if (o.gradientClipNorm) {
    const norm = Math.sqrt(grads.flat().reduce((acc, g) => acc + g * g, 0)) / bsz;
    sf = o.gradientClipNorm / Math.max(norm, o.gradientClipNorm);
  }
  const lr = 0.1 / (1 + epoch);
  params.forEach((p, t) => {
    p.forEach((_, i) => {
      let g = grads[t]![i]! / bsz;
      if (o.gradientClipValue) g = Math.min(Math.max(g, -o.gradientClipValue), o.gradientClipValue);
      const v = 0.9 * velocities[t]![i]! - lr * sf * g;
      velocities[t]![i] = v;
      let np = p[i]! + v;
      if (o.paramClipValue) np = Math.min(Math.max(np, -o.paramClipValue), o.paramClipValue);
      p[i] = np;
    });
  });
}

const SHAPES = [[3, 5], [7], [], [2, 2, 2]];

describe('ElementwiseOptimizer pipeline (ops backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => {
    getBackend().batchSize = 1;
  });

  const cases: [string, ClipOptions, number][] = [
    ['no clipping', {}, 1],
    ['batch size 4', {}, 4],
    ['norm clip that bites', { gradientClipNorm: 0.5 }, 2],
    ['norm clip that does not bite', { gradientClipNorm: 1e6 }, 1],
    ['value clip', { gradientClipValue: 0.3 }, 1],
    ['negative value clip means |value|', { gradientClipValue: -0.3 }, 1],
    ['param clip', { paramClipValue: 0.8 }, 1],
    ['everything', { gradientClipNorm: 2, gradientClipValue: 0.4, paramClipValue: 0.9 }, 3],
  ];
  for (const [label, options, bsz] of cases) {
    it(`matches the float64 reference over 12 steps: ${label}`, async () => {
      getBackend().batchSize = bsz;
      const layer = new TestLayer('dense', SHAPES, 7);
      const params = await Promise.all(layer.entries.map(async (e) => Array.from(await e.param.data())));
      const velocities = params.map((p) => p.map(() => 0));
      const normalized = { ...options, gradientClipValue: options.gradientClipValue && Math.abs(options.gradientClipValue) };
      const optimizer = new TestMomentum(options);
      for (let step = 0; step < 12; step++) {
        const epoch = Math.floor(step / 4);
        const grads = params.map((p, t) => seededValues(100 * step + t, p.length, 2));
        layer.setGrads(grads);
        optimizer.optimize([layer], epoch);
        referenceStep(params, velocities, grads, epoch, normalized, bsz);
      }
      // float32 vs float64 over 12 steps: rounding grows to ~1e-6 relative; 1e-5 leaves margin.
      for (const [t, entry] of layer.entries.entries()) {
        expectClose(await entry.param.data(), params[t]!, 1e-5, 1e-6);
        expectClose(await entry.states[0]!.data(), velocities[t]!, 1e-5, 1e-6);
      }
      layer.dispose();
    });
  }

  it('creates states lazily, once, and keeps them in the layer list', () => {
    const layer = new TestLayer('lazy', [[4]]);
    const optimizer = new TestMomentum();
    expect(layer.entries[0]!.states).toHaveLength(0);
    optimizer.optimize([layer], 0);
    const created = layer.entries[0]!.states[0];
    expect(layer.entries[0]!.states).toHaveLength(1);
    optimizer.optimize([layer], 0);
    expect(layer.entries[0]!.states[0]).toBe(created);
    layer.dispose();
  });

  it('does not leak tensors across 100 steps', () => {
    const layer = new TestLayer('leak', SHAPES);
    const optimizer = new TestMomentum({ gradientClipNorm: 1, gradientClipValue: 1, paramClipValue: 1 });
    optimizer.optimize([layer], 0);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) optimizer.optimize([layer], 1);
    expect(tf.memory().numTensors).toBe(before);
    layer.dispose();
  });

  it('dispose frees the states it created and empties the lists', () => {
    const layer = new TestLayer('dispose', [[3], [2]]);
    const optimizer = new TestMomentum();
    optimizer.optimize([layer], 0);
    const states = layer.entries.map((e) => e.states[0]!);
    optimizer.dispose();
    expect(states.every((s) => s.isDisposed)).toBe(true);
    expect(layer.entries.every((e) => e.states.length === 0)).toBe(true);
    layer.dispose();
  });
});
