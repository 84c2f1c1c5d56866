import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TFJS = '4.22.0';

/** Packs a workspace package with pnpm (which rewrites `workspace:` ranges) into `dir`. */
function pack(name: string, dir: string): string {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: join(repo, 'packages', name), encoding: 'utf8' });
  const file = out.trim().split('\n').pop()!.trim();
  return file.startsWith('/') ? file : join(dir, file);
}

/** An empty app folder with `npm install`ed tarballs and registry packages; runs `script` there. */
function installAndRun(work: string, app: string, tarballs: string[], registry: string[], script: string): string {
  const dir = join(work, app);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: app, private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...registry, ...tarballs], { cwd: dir, stdio: 'pipe' });
  writeFileSync(join(dir, 'main.mjs'), script);
  return execFileSync('node', ['main.mjs'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
}

const SGD_SCRIPT = `
import * as tf from '@tensorflow/tfjs';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
await tf.setBackend('cpu');
const w = tf.variable(tf.tensor1d([3, -2]), true, 'w');
const entry = { param: w, grad: tf.zeros([2]), states: [] };
const layer = { name: 'quadratic', getParams: () => [entry] };
const optimizer = new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.5 });
for (let i = 0; i < 50; i++) { entry.grad.dispose(); entry.grad = tf.mul(w, 2); optimizer.optimize([layer], 0); }
console.log(JSON.stringify({ w: Array.from(w.dataSync()), states: entry.states.length }));
`;

/** neon's MultiOptimizer docs example (A/B/C over layer_one, layer_two, an Affine with Softmax) on the wasm backend. */
const DOCS_EXAMPLE_SCRIPT = `
import * as tf from '@tensorflow/tfjs';
import { setBackend, getBackend } from '@descent/core';
import { createBackend } from '@descent/backend-wasm';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { RMSProp } from '@descent/rmsprop';
import { Affine, GlorotUniform, Rectlin, Sequential, Softmax, trainStep } from '@descent/layers';
import { MultiOptimizer } from '@descent/multi-optimizer';
setBackend(await createBackend());
const A = new GradientDescentMomentum({ learningRate: 0.01, momentumCoef: 0.9 });
const B = new GradientDescentMomentum({ learningRate: 0.05, momentumCoef: 0.9 });
const C = new RMSProp({ learningRate: 0.01 });
const optimizer = new MultiOptimizer({ default: A, Linear: B, layer_two: C });
const init = new GlorotUniform({ seed: 1 });
const model = new Sequential({ inputSize: 2, layers: [
  new Affine({ nout: 16, init, bias: true, activation: new Rectlin(), name: 'layer_one' }),
  new Affine({ nout: 16, init, bias: true, activation: new Rectlin(), name: 'layer_two' }),
  new Affine({ nout: 2, init, bias: true, activation: new Softmax(), name: 'layer_three' }),
] });
const x = tf.randomUniform([256, 2], -1, 1, 'float32', 7);
const y = tf.tidy(() => tf.oneHot(tf.cast(tf.greater(tf.sub(tf.slice(x, [0, 0], [-1, 1]), tf.slice(x, [0, 1], [-1, 1])), 0).squeeze([1]), 'int32'), 2));
const loss = () => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(model.forward(x), 1e-7))), 1)));
const losses = [];
for (let epoch = 0; epoch < 150; epoch++) losses.push(trainStep({ model, optimizer, loss, epoch }));
console.log(JSON.stringify({ backend: getBackend().name, tfjs: tf.getBackend(), first: losses[0], last: losses.at(-1) }));
`;

/** The tfjs-adapter README's route: model.compile + fit with a MultiOptimizer, on tfjs-cpu. */
const ADAPTER_SCRIPT = `
import * as tf from '@tensorflow/tfjs';
import { Adam } from '@descent/adam';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { asTfOptimizer, trackEpochs } from '@descent/tfjs-adapter';
await tf.setBackend('cpu');
const model = tf.sequential({ layers: [
  tf.layers.dense({ inputShape: [4], units: 16, activation: 'tanh', name: 'hidden', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
  tf.layers.dense({ units: 1, name: 'my_head', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
] });
const multi = new MultiOptimizer({ default: new Adam({ learningRate: 0.02 }), my_head: new GradientDescentMomentum({ learningRate: 0.05, momentumCoef: 0.9 }) });
const optimizer = asTfOptimizer(multi, { model });
model.compile({ optimizer, loss: 'meanSquaredError' });
const xs = tf.randomUniform([256, 4], -1, 1, 'float32', 5);
const ys = tf.sum(xs, 1, true);
const history = await model.fit(xs, ys, { epochs: 30, batchSize: 32, shuffle: false, verbose: 0, callbacks: [trackEpochs(optimizer)] });
const loss = history.history.loss;
console.log(JSON.stringify({ first: loss[0], last: loss.at(-1), epoch: optimizer.epoch }));
`;

describe('pick-and-choose installs from tarballs', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'descent-pack-'));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('core + gradient-descent-momentum next to @tensorflow/tfjs: trains on the ops backend', () => {
    const tarballs = ['core', 'gradient-descent-momentum'].map((name) => pack(name, work));
    const result = JSON.parse(installAndRun(work, 'sgd-app', tarballs, [`@tensorflow/tfjs@${TFJS}`], SGD_SCRIPT));
    const manifest = JSON.parse(readFileSync(join(work, 'sgd-app/node_modules/@descent/gradient-descent-momentum/package.json'), 'utf8'));
    expect(manifest.dependencies['@descent/core']).not.toContain('workspace:');
    // Minimising w^2 from [3, -2]: after 50 momentum steps w is close to 0.
    expect(result.states).toBe(1);
    for (const value of result.w) expect(Math.abs(value)).toBeLessThan(1e-3);
  });

  it('the neon docs example (MultiOptimizer over layers, RMSProp + GDM) trains on backend-wasm', () => {
    const picks = ['core', 'backend-wasm', 'gradient-descent-momentum', 'rmsprop', 'layers', 'multi-optimizer'];
    const tarballs = picks.map((name) => pack(name, work));
    const registry = [`@tensorflow/tfjs@${TFJS}`, `@tensorflow/tfjs-backend-wasm@${TFJS}`];
    const result = JSON.parse(installAndRun(work, 'docs-app', tarballs, registry, DOCS_EXAMPLE_SCRIPT));
    expect(result.backend).toBe('wasm');
    expect(result.tfjs).toBe('wasm');
    // A linearly separable toy task: 150 full-batch steps cut the cross-entropy at least 5-fold.
    expect(result.last).toBeLessThan(result.first / 5);
  });

  it('tfjs-adapter: model.compile + fit with a MultiOptimizer, from tarballs', () => {
    const picks = ['core', 'adam', 'gradient-descent-momentum', 'multi-optimizer', 'tfjs-adapter'];
    const tarballs = picks.map((name) => pack(name, work));
    const result = JSON.parse(installAndRun(work, 'adapter-app', tarballs, [`@tensorflow/tfjs@${TFJS}`], ADAPTER_SCRIPT));
    // Fitting y = sum(x) with a 16-unit tanh layer: 30 epochs cut the mean squared error 10-fold.
    expect(result.last).toBeLessThan(result.first / 10);
    expect(result.epoch).toBe(29);
  });
});
