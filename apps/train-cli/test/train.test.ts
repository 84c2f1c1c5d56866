import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '@descent/example-kit';
import { DEFAULT_CONFIG, train, type TrainConfig } from '../src/index.js';

const short: TrainConfig = { ...DEFAULT_CONFIG, dataset: 'moons', samples: 256, epochs: 5, batchSize: 32, hidden: [16, 16] };

describe('a short training run through the programmatic API', () => {
  it.each(OPTIMIZER_NAMES)('%s on the wasm backend: the loss falls and accuracy beats chance', async (optimizer) => {
    const epochs: number[] = [];
    const result = await train({ ...short, optimizer }, { onEpoch: (record) => epochs.push(record.epoch) });
    expect(result.info.backend).toMatch(/^wasm \(fused WebAssembly/);
    expect(epochs).toEqual([1, 2, 3, 4, 5]);
    const losses = result.records.map((record) => record.loss);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
    expect(result.trainAccuracy).toBeGreaterThan(0.75);
    expect(result.samplesPerSecond).toBeGreaterThan(0);
  });

  it("on core's tfjs-ops evaluator, with a mean loss: the loss falls too", async () => {
    const result = await train({ ...short, backend: 'ops', reduction: 'mean', optimizer: 'gdm' });
    expect(result.info.backend).toMatch(/^ops /);
    expect(result.records.at(-1)!.loss).toBeLessThan(result.records[0]!.loss * 0.8);
  });

  it('gives the same numbers for the same seed and other numbers for another seed', async () => {
    const config = { ...short, epochs: 2 };
    const [a, b, c] = [await train(config), await train(config), await train({ ...config, seed: 2 })];
    expect(b.records.map((r) => r.loss)).toEqual(a.records.map((r) => r.loss));
    expect(c.records[0]!.loss).not.toBe(a.records[0]!.loss);
  });

  it('uses the hyperparameters it is given: a zero learning rate leaves the loss where it was', async () => {
    const result = await train({ ...short, optimizer: 'gdm', hyperparameters: { learningRate: 0 }, epochs: 3 });
    const [first, ...rest] = result.records.map((record) => record.loss);
    for (const loss of rest) expect(loss).toBeCloseTo(first!, 5);
  });
});
