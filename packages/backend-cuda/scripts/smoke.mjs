#!/usr/bin/env node
/**
 * Smoke test for a machine with an NVIDIA GPU: `pnpm --filter @descent/backend-cuda smoke`
 * (after `pnpm build`). Creates the CUDA backend, prints the device, trains a small MLP with
 * Descent's Adam and with tf.train.adam from the same start, and times both.
 *
 * Where no addon is installed it prints createBackend's error and exits 1. To use an addon
 * installed outside this repo (which never installs it), point DESCENT_TFJS_NODE_GPU at its
 * directory, e.g. DESCENT_TFJS_NODE_GPU=$HOME/tf/node_modules/@tensorflow/tfjs-node-gpu.
 * Options: --steps N (training steps, default 200), --update-size N (floats in the update
 * timing, default 1e6), --allow-cpu (accept TensorFlow on the CPU).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createBackend } from '@descent/backend-cuda';
import { Adam } from '@descent/adam';
import { setBackend } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const steps = option('--steps', 200);
const updateSize = option('--update-size', 1e6);
const allowCpu = args.includes('--allow-cpu');
const addonDir = process.env.DESCENT_TFJS_NODE_GPU;
const HYPER = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

function gpuName() {
  try {
    const query = ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader'];
    return execFileSync('nvidia-smi', query, { encoding: 'utf8' }).trim().split('\n').join('; ');
  } catch {
    return 'nvidia-smi not available';
  }
}

/** A 64-256-10 MLP and a synthetic task (labels from a random teacher), deterministic. */
function makeTask() {
  const x = tf.randomNormal([1024, 64], 0, 1, 'float32', 1);
  const teacher = tf.randomNormal([64, 10], 0, 1, 'float32', 2);
  const y = tf.tidy(() => tf.oneHot(tf.argMax(tf.matMul(x, teacher), 1), 10).asType('float32'));
  teacher.dispose();
  const init = [
    tf.randomNormal([64, 256], 0, 0.125, 'float32', 3),
    tf.zeros([256]),
    tf.randomNormal([256, 10], 0, 0.0625, 'float32', 4),
    tf.zeros([10]),
  ];
  return { x, y, init };
}

function model(task, prefix) {
  const params = task.init.map((t, i) => tf.variable(t, true, `${prefix}/p${i}`));
  const loss = () =>
    tf.tidy(() => {
      const [w1, b1, w2, b2] = params;
      const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(task.x, w1), b1)), w2), b2);
      return tf.losses.softmaxCrossEntropy(task.y, logits);
    });
  return { params, loss };
}

/** Trains for `steps`; `apply(grads)` updates the params. Returns losses and ms per step. */
async function train(task, prefix, apply) {
  const { params, loss } = model(task, prefix);
  const losses = [];
  const start = performance.now();
  for (let step = 0; step < steps; step++) {
    const { value, grads } = tf.variableGrads(loss, params);
    apply(params, params.map((p) => grads[p.name]));
    losses.push((await value.data())[0]); // a readback per step: also the sync point of the timing
    tf.dispose([value, ...Object.values(grads)]);
  }
  const ms = (performance.now() - start) / steps;
  return { params, losses, ms };
}

/** Update-only throughput: `n` steps on one param of `updateSize` floats with a fixed gradient, one sync at the end. */
async function updateTime(update, n = 100) {
  const param = tf.variable(tf.randomNormal([updateSize], 0, 1, 'float32', 5), true, `speed/${update.name}`);
  const grad = tf.randomNormal([updateSize], 0, 0.01, 'float32', 6);
  update(param, grad); // warm-up (states created, kernels loaded)
  await tf.sum(param).data();
  const start = performance.now();
  for (let i = 0; i < n; i++) update(param, grad);
  await tf.sum(param).data();
  const ms = (performance.now() - start) / n;
  tf.dispose([param, grad]);
  return ms;
}

async function main() {
  if (!(Number.isInteger(steps) && steps > 0 && Number.isInteger(updateSize) && updateSize > 0)) {
    console.error('usage: smoke.mjs [--steps N] [--update-size N] [--allow-cpu]');
    return 2;
  }
  let backend;
  try {
    const loadAddon = addonDir ? async () => createRequire(import.meta.url)(addonDir) : undefined;
    backend = await createBackend({ allowCpu, ...(loadAddon ? { loadAddon } : {}) });
  } catch (error) {
    console.error(error.message);
    return 1;
  }
  setBackend(backend);
  console.log(`Descent backend: ${backend.name}, TensorFlow device: ${backend.device} (${backend.addon}), tfjs backend: ${tf.getBackend()}`);
  console.log(`GPU: ${gpuName()}`);

  const task = makeTask();
  const descent = new Adam(HYPER);
  const states = []; // Adam's states per param, created by the optimizer on its first step
  const ours = await train(task, 'descent', (params, grads) => {
    const layer = { name: 'mlp', getParams: () => params.map((param, i) => ({ param, grad: grads[i], states: (states[i] ??= []) })) };
    descent.optimize([layer], 0);
  });
  const reference = tf.train.adam(HYPER.learningRate, HYPER.beta1, HYPER.beta2, HYPER.epsilon);
  const theirs = await train(task, 'tfjs', (params, grads) => {
    reference.applyGradients(Object.fromEntries(params.map((p, i) => [p.name, grads[i]])));
  });

  const last = (l) => l[l.length - 1];
  console.log(`MLP 64-256-10, ${steps} steps (forward + backward + update, synced by reading the loss):`);
  console.log(`  Descent Adam:   loss ${ours.losses[0].toFixed(4)} -> ${last(ours.losses).toFixed(4)}, ${ours.ms.toFixed(2)} ms/step`);
  console.log(`  tf.train.adam:  loss ${theirs.losses[0].toFixed(4)} -> ${last(theirs.losses).toFixed(4)}, ${theirs.ms.toFixed(2)} ms/step`);

  const speedAdam = new Adam(HYPER);
  const speedStates = [];
  const oursUpdate = await updateTime(function descentAdam(param, grad) {
    speedAdam.optimize([{ name: 'speed', getParams: () => [{ param, grad, states: speedStates }] }], 0);
  });
  const speedTf = tf.train.adam(HYPER.learningRate, HYPER.beta1, HYPER.beta2, HYPER.epsilon);
  const theirsUpdate = await updateTime(function tfjsAdam(param, grad) {
    speedTf.applyGradients({ [param.name]: grad });
  });
  console.log(`Adam update of ${updateSize} floats: Descent ${oursUpdate.toFixed(3)} ms/step, tf.train.adam ${theirsUpdate.toFixed(3)} ms/step`);
  console.log(`Descent backend stats: ${JSON.stringify(backend.stats)}`);

  // Both optimizers implement Adam; they place epsilon differently (tfjs outside the bias
  // correction of v, neon inside the step size), so trajectories are close, not equal.
  const [first, final] = [ours.losses[0], last(ours.losses)];
  const gap = Math.abs(final - last(theirs.losses)) / Math.abs(last(theirs.losses));
  console.log(`final loss gap to tf.train.adam: ${(100 * gap).toFixed(2)} %`);
  if (!(final < 0.5 * first)) {
    console.error(`FAIL: Descent Adam did not train (loss ${first} -> ${final})`);
    return 1;
  }
  if (!(gap < 0.1)) {
    console.error('FAIL: Descent Adam and tf.train.adam ended more than 10 % apart');
    return 1;
  }
  console.log('OK');
  return 0;
}

process.exitCode = await main();
