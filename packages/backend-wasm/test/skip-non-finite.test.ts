import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import type { WasmBackend } from '@descent/backend-wasm';
import { type Backend, createOpsBackend, ElementwiseOptimizer, type Optimizer, setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import { expectSkipNonFinite } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

type Make = (skipNonFinite: boolean) => Optimizer;

const OPTIMIZERS: [string, Make][] = [
  ['GradientDescentMomentum', (skipNonFinite) => new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, gradientClipNorm: 1, skipNonFinite })],
  ['RMSProp', (skipNonFinite) => new RMSProp({ learningRate: 0.01, skipNonFinite })],
  ['Adagrad', (skipNonFinite) => new Adagrad({ learningRate: 0.1, gradientClipValue: 0.5, skipNonFinite })],
  ['Adadelta', (skipNonFinite) => new Adadelta({ paramClipValue: 2, skipNonFinite })],
  ['Adam', (skipNonFinite) => new Adam({ learningRate: 0.01, skipNonFinite })],
  ['ShiftAdaMax', (skipNonFinite) => new ShiftAdaMax({ learningRate: 0.01, skipNonFinite })],
];

/** The skipped steps of an optimizer, or of the MultiOptimizer group holding entry k. */
function skippedOf(k: number) {
  return (optimizer: Optimizer): Promise<number> => {
    if (optimizer instanceof ElementwiseOptimizer) return optimizer.skippedSteps;
    const multi = optimizer as MultiOptimizer;
    return (multi.mapping[k === 0 ? 'default' : 'nested'] as ElementwiseOptimizer).skippedSteps;
  };
}

// The fault model's layer "first" (entry 0) is one group, "nested" (entries 1-4) the other.
const multi: Make = (skipNonFinite) =>
  new MultiOptimizer({ default: new Adam({ skipNonFinite }), nested: new RMSProp({ learningRate: 0.01, skipNonFinite }) });

describe.each(['ops (tfjs-cpu)', 'wasm'] as const)('skipNonFinite on %s', (side) => {
  let backend: Backend;
  beforeAll(async () => {
    if (side === 'wasm') {
      backend = await wasmBackend();
    } else {
      expect(await tf.setBackend('cpu')).toBe(true);
      backend = createOpsBackend();
    }
    setBackend(backend);
  });
  afterAll(() => backend.dispose?.());

  for (const [name, make] of OPTIMIZERS) {
    for (const [k, bad] of [[4, Number.NaN], [0, Infinity], [2, -Infinity]] as const) {
      it(`${name}: a ${bad} at entry ${k} of 5 writes nothing and is counted; finite steps are bit-identical to skipNonFinite off`, async () => {
        await expectSkipNonFinite({ make, skipped: skippedOf(k), k, bad });
      });
    }
  }

  for (const k of [0, 3]) {
    it(`MultiOptimizer: a NaN at entry ${k} skips its own group's step (each group is its own call)`, async () => {
      const untouched = k === 0 ? [0] : [1, 2, 3, 4];
      await expectSkipNonFinite({ make: multi, skipped: skippedOf(k), k, bad: Number.NaN, untouched });
    });
  }

  it('Adam\'s host-side t counts a skipped step (only the device knows it was skipped)', async () => {
    const adam = new Adam({ skipNonFinite: true });
    const param = tf.variable(tf.ones([2]));
    const entry = { param, grad: tf.tensor([Number.NaN, 1]), states: [] as tf.Variable[] };
    try {
      adam.optimize([{ name: 'l', getParams: () => [entry] }], 0);
      expect(adam.t).toBe(1);
      expect(await adam.skippedSteps).toBe(1);
      expect(Array.from(await param.data())).toEqual([1, 1]);
    } finally {
      adam.dispose();
      tf.dispose([param, entry.grad]);
    }
  });
});

it('a skip counter that lives on another tfjs backend is a typed rejection before any write', async () => {
  const backend: WasmBackend = await wasmBackend();
  setBackend(backend);
  const program = new Adam({ skipNonFinite: true }) as unknown as { program: Parameters<WasmBackend['runUpdate']>[0]['program'] };
  const param = tf.variable(tf.ones([3]));
  const grad = tf.ones([3]);
  const m = tf.variable(tf.zeros([3]));
  const v = tf.variable(tf.zeros([3]));
  expect(await tf.setBackend('cpu')).toBe(true);
  const counter = tf.variable(tf.scalar(0), false); // lives on tfjs-cpu
  expect(await tf.setBackend('wasm')).toBe(true);
  try {
    const scalars = new Float32Array(program.program.scalars.length).fill(0.5);
    expect(() => backend.runUpdate({ program: program.program, bindings: [[param, grad, m, v]], scalars, skipCounter: counter })).toThrow(/skip counter/);
    expect(Array.from(await param.data())).toEqual([1, 1, 1]);
  } finally {
    tf.dispose([param, grad, m, v, counter]);
    backend.dispose();
  }
});
