import { Adam } from '@descent/adam';
import { createOpsBackend, type Optimizer, setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { TestModel } from '@descent/testing';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useDawnBackend } from './dawn.js';

// tfjs-backend-webgpu cannot read synchronously in Node (Dawn), so getState() throws there
// unless the values were read asynchronously since the last step; getStateAsync() reads them
// first. Each test steps, saves with getStateAsync, restores into a new model and optimizer,
// and requires both to continue bit for bit.

const SHAPES = [[3], [2, 2]] as const;
const INITIAL = [[0.5, -1, 2], [1, 2, 3, 4]];
const GRADS = (k: number) => [[0.1 * k, -0.2, 0.3], [1, -1, 0.5 * k, 2]];

const CASES: [string, () => Optimizer][] = [
  ['Adam (skipNonFinite: the skip counter is saved too)', () => new Adam({ learningRate: 0.01, skipNonFinite: true })],
  ['MultiOptimizer', () => new MultiOptimizer({ default: new Adam({ learningRate: 0.01 }), nested: new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 }) })],
];

async function steps(optimizer: Optimizer, model: TestModel, from: number, to: number): Promise<void> {
  for (let k = from; k < to; k++) {
    model.setGrads(GRADS(k));
    optimizer.optimize(model.layers, 0);
  }
}

describe('getStateAsync on WebGPU (Dawn, Node)', () => {
  const backend = useDawnBackend();

  for (const [name, make] of CASES) {
    it(`${name}: saves after 3 steps, restores, and continues bit for bit`, async () => {
      const tag = name.split(' ')[0]!;
      const names = (run: string) => SHAPES.map((_, i) => `${tag}-${run}-p${i}`);
      const straight = new TestModel(SHAPES, INITIAL);
      const original = new TestModel(SHAPES, INITIAL, names('saved'));
      const [a, b, c] = [make(), make(), make()];
      await steps(a, straight, 0, 6);
      await steps(b, original, 0, 3);
      expect(() => b.getState(original.layers)).toThrow(); // the synchronous read fails on Dawn
      const state = JSON.parse(JSON.stringify(await b.getStateAsync(original.layers)));
      const values = (await original.read()).params.map((p) => Array.from(p));
      original.dispose(); // frees the names: the restored params take them
      const restored = new TestModel(SHAPES, values, names('saved'));
      c.setState(state, restored.layers);
      await steps(c, restored, 3, 6);
      const [x, y] = [await straight.read(), await restored.read()];
      expect(y.params).toEqual(x.params);
      expect(y.states).toEqual(x.states);
      for (const o of [a, b, c]) o.dispose();
      for (const m of [straight, restored]) m.dispose();
    });
  }

  it('prefetchState reads nothing for a fresh optimizer and getStateAsync equals getState where reads are synchronous', async () => {
    await tf.setBackend('cpu');
    setBackend(createOpsBackend());
    const model = new TestModel(SHAPES, INITIAL);
    const adam = new Adam();
    await steps(adam, model, 0, 2);
    expect(await adam.getStateAsync()).toEqual(adam.getState());
    adam.dispose();
    model.dispose();
    await tf.setBackend('webgpu');
    setBackend(backend());
  });
});
