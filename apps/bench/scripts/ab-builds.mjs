// optimize() of two or more @descent/backend-wasm builds, interleaved in one process: Adam and
// GradientDescentMomentum over N floats in 1 tensor and in 100 tensors of N/100, each setup
// on its own tensors, rounds rotated, medians in µs per step. To compare a build with the
// current one, build it (e.g. from a git worktree) and copy its packages/backend-wasm/dist to
// packages/backend-wasm/node_modules/.variants/<name> (so that it resolves @descent/core).
// Not a test. Usage: pnpm build && node scripts/ab-builds.mjs <N> <distDir> <distDir> ...
import { Adam } from '@descent/adam';
import { setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import * as tf from '@tensorflow/tfjs-core';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const n = Number(process.argv[2] ?? 1e5);
const dirs = process.argv.slice(3);
const rounds = 25;
const log = console.log;
console.log = () => {}; // tfjs' advertisement for tfjs-node
const builds = [];
for (const dir of dirs) {
  const { createBackend } = await import(pathToFileURL(resolve(dir, 'index.js')).href);
  builds.push([basename(dir), await createBackend()]);
}
console.log = log;

const algorithms = [
  ['Adam', () => new Adam()],
  ['GradientDescentMomentum', () => new GradientDescentMomentum({ learningRate: 0.01, momentumCoef: 0.9 })],
];
const setups = [];
for (const [build, backend] of builds) {
  for (const [name, create] of algorithms) {
    for (const tensors of [1, 100]) {
      const entries = Array.from({ length: tensors }, () => ({
        param: tf.tidy(() => tf.variable(tf.randomUniform([n / tensors], -1, 1))),
        grad: tf.randomUniform([n / tensors], -1, 1),
        states: [],
      }));
      const layers = [{ name: 'bench', getParams: () => entries }];
      const optimizer = create();
      const step = () => {
        setBackend(backend);
        optimizer.optimize(layers, 0);
      };
      step();
      setups.push({ key: `${name}, ${tensors} tensor${tensors > 1 ? 's' : ''}, ${build}`, step, times: [] });
    }
  }
}
const steps = Math.max(3, Math.round(3e6 / n));
for (let r = 0; r < rounds + 3; r++) {
  for (let i = 0; i < setups.length; i++) {
    const setup = setups[(i + r) % setups.length];
    setup.step(); // one step before timing: this setup's data back in the caches
    const t0 = performance.now();
    for (let k = 0; k < steps; k++) setup.step();
    if (r >= 3) setup.times.push(((performance.now() - t0) / steps) * 1000);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
log(`N = ${n}, ${rounds} interleaved rounds of ${steps} steps: µs per step (medians)`);
for (const setup of setups) log(`  ${setup.key.padEnd(48)} ${median(setup.times).toFixed(1).padStart(9)}`);
