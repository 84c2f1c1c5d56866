import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClassifier, OPTIMIZERS } from '@descent/example-kit';
import { type Checkpoint, DEFAULT_CONFIG, readCheckpoint, train, type TrainConfig } from '../src/index.js';
import { captureCheckpoint, restoreCheckpoint } from '../src/checkpoint/model-checkpoint.js';
import { canSaveState } from '../src/checkpoint/optimizer-state.js';
import { runCaptured } from './cli-io.js';

const config: TrainConfig = { ...DEFAULT_CONFIG, dataset: 'moons', samples: 256, epochs: 3, batchSize: 32, hidden: [8] };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'descent-checkpoint-'));
});

describe('--save and --resume', () => {
  it('round-trips the saved parameters exactly and continues the epoch count', async () => {
    const first = join(dir, 'first.json');
    const second = join(dir, 'second.json');
    const fresh = await train({ ...config, save: first });
    const saved = await readCheckpoint(first);
    expect(saved.epochsDone).toBe(3);
    expect(Object.keys(saved.params)).toEqual(['hidden_1', 'hidden_1_bias', 'output', 'output_bias']);
    expect(saved.params.hidden_1!.shape).toEqual([2, 8]);

    // Resume (same optimizer, so a saved state fits it) with a zero learning rate: the model must
    // come back as saved and stay so.
    const notes: string[] = [];
    const resumed = await train({ ...config, hyperparameters: { learningRate: 0 }, epochs: 1, resume: first, save: second }, { onNote: (n) => notes.push(n) });
    expect(resumed.optimizerStateRestored).toBe(saved.optimizerState !== null);
    expect(resumed.info.firstEpoch).toBe(4);
    expect(resumed.records.map((r) => r.epoch)).toEqual([4]);
    expect((await readCheckpoint(second)).params).toEqual(saved.params);
    expect((await readCheckpoint(second)).epochsDone).toBe(4);
    // The restored model is the trained one: its loss is the trained loss, not an untrained one.
    expect(resumed.records[0]!.loss).toBeLessThan(fresh.records[0]!.loss * 0.8);
    expect(resumed.testAccuracy).toBeCloseTo(fresh.testAccuracy, 6);
    if (saved.optimizerState === null) expect(notes.join('\n')).toContain('resumed the model parameters');
  });

  it('saves the optimizer state exactly when the optimizer can give it, and says so when it cannot', async () => {
    const file = join(dir, 'state.json');
    const { out } = await runCaptured(['--epochs', '1', '--samples', '128', '--hidden', '8', '--save', file]);
    const stateful = canSaveState(OPTIMIZERS.adam.create({}));
    expect((await readCheckpoint(file)).optimizerState === null).toBe(!stateful);
    if (!stateful) expect(out).toContain('optimizer state is not saved yet');
  });

  it.runIf(canSaveState(OPTIMIZERS.adam.create({})))('with optimizer state, 3 + 3 resumed epochs give exactly the parameters of 6 straight ones', async () => {
    const [straight, half, resumed] = [join(dir, 'straight.json'), join(dir, 'half.json'), join(dir, 'resumed.json')];
    await train({ ...config, epochs: 6, save: straight });
    await train({ ...config, epochs: 3, save: half });
    const run = await train({ ...config, epochs: 3, resume: half, save: resumed });
    expect(run.optimizerStateRestored).toBe(true);
    expect((await readCheckpoint(resumed)).params).toEqual((await readCheckpoint(straight)).params);
  });

  it('hands the optimizer state to getState()/setState() where an optimizer has them', async () => {
    const model = buildClassifier({ hidden: config.hidden, activation: config.activation, seed: 1 });
    let restored: unknown;
    const stateful = Object.assign(OPTIMIZERS.adam.create({}), { getState: () => ({ t: 7 }), setState: (s: unknown) => void (restored = s) });
    const checkpoint = await captureCheckpoint(config, model, stateful, 3);
    expect(checkpoint.optimizerState).toEqual({ t: 7 });
    expect(restoreCheckpoint(checkpoint, model, stateful, 'x.json')).toEqual({ optimizerStateRestored: true });
    expect(restored).toEqual({ t: 7 });
    const plain = OPTIMIZERS.adam.create({});
    if (!canSaveState(plain)) expect(() => restoreCheckpoint(checkpoint, model, plain, 'x.json')).toThrow(/holds optimizer state, but this optimizer has no setState/);
    model.dispose();
    stateful.dispose();
    plain.dispose();
  });

  describe('refuses checkpoints that do not fit, with exit code 2, changing nothing', () => {
    let good: Checkpoint;
    beforeAll(async () => {
      const file = join(dir, 'good.json');
      await train({ ...config, epochs: 1, save: file });
      good = await readCheckpoint(file);
    });
    const args = ['--samples', '256', '--hidden', '8', '--epochs', '1', '--dataset', 'moons'];
    const cases: [string, (c: Checkpoint) => unknown, RegExp][] = [
      ['a missing param', (c) => ({ ...c, params: { ...c.params, output_bias: undefined } }), /no values for param "output_bias"/],
      ['an extra param', (c) => ({ ...c, params: { ...c.params, extra: { shape: [1], data: [0] } } }), /param "extra" is not in this model/],
      ['a wrong shape', (c) => ({ ...c, params: { ...c.params, output: { shape: [2, 8], data: Array(16).fill(0) } } }), /param "output" has shape \[2, 8\], the model's is \[8, 2\]/],
      ['a wrong size', (c) => ({ ...c, params: { ...c.params, output: { shape: [8, 2], data: [1] } } }), /param "output" has 1 values for shape \[8, 2\]/],
      ['a non-finite value', (c) => ({ ...c, params: { ...c.params, output: { shape: [1], data: ['NaN'] } } }), /not a finite number/],
      ['another format', (c) => ({ ...c, format: 'other' }), /is not a descent-train-cli-checkpoint file/],
      ['another version', (c) => ({ ...c, version: 2 }), /has version 2; this build reads version 1/],
      ['another architecture', (c) => ({ ...c, model: { hidden: [16], activation: 'rectlin' } }), /the checkpoint's model is --hidden 16 --activation rectlin; this run asks for --hidden 8/],
    ];
    it.each(cases)('%s', async (_, change, message) => {
      const file = join(dir, 'bad.json');
      await writeFile(file, JSON.stringify(change(good)));
      const { code, err } = await runCaptured([...args, '--resume', file]);
      expect(code).toBe(2);
      expect(err).toMatch(new RegExp(`^descent-train: --resume ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(err).toMatch(message);
    });

    it('a file that is not there, or not JSON', async () => {
      expect((await runCaptured([...args, '--resume', join(dir, 'none.json')])).err).toMatch(/cannot read it \(ENOENT\)/);
      await writeFile(join(dir, 'text.json'), 'not json');
      expect((await runCaptured([...args, '--resume', join(dir, 'text.json')])).err).toMatch(/is not JSON/);
    });

    it('leaves the parameters untouched when the checkpoint is refused', () => {
      const model = buildClassifier({ hidden: [8], activation: 'rectlin', seed: 1 });
      const before = tf.tidy(() => model.forward(tf.ones([1, 2])).arraySync());
      const broken = { ...good, params: { ...good.params, output: { shape: [2, 8], data: Array(16).fill(5) } } };
      expect(() => restoreCheckpoint(broken, model, OPTIMIZERS.adam.create({}), 'b.json')).toThrow(/has shape/);
      expect(tf.tidy(() => model.forward(tf.ones([1, 2])).arraySync())).toEqual(before);
      model.dispose();
    });
  });
});
