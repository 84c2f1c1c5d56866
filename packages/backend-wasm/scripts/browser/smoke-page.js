// Runs in Chromium (bundled by browser-smoke.mjs): the backend on the real tfjs-backend-wasm
// build the browser picks (threaded + shared memory when cross-origin isolated), checked
// against core's evaluator on tfjs-backend-cpu.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createOpsBackend, defineUpdate, fusePipeline, setBackend } from '@descent/core';
import { createBackend } from '@descent/backend-wasm';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';

const adam = defineUpdate({
  name: 'adam',
  states: ['m', 'v'],
  scalars: ['stepSize', 'beta1', 'beta2', 'epsilon'],
  update: ({ param, grad, m, v }, s, { clipScale }) => {
    const m1 = s.beta1.mul(m).add(s.beta1.oneMinus().mul(grad));
    const v1 = s.beta2.mul(v).add(s.beta2.oneMinus().mul(grad.square()));
    return { m: m1, v: v1, param: param.sub(clipScale.mul(s.stepSize).mul(m1).div(v1.sqrt().add(s.epsilon)).pow2Round()) };
  },
});

function values(n, seed) {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
}

async function run() {
  const result = { crossOriginIsolated: globalThis.crossOriginIsolated === true };
  const backend = await createBackend({ wasmPaths: '/wasm/' });
  const heap = tf.backend().wasm;
  const memory = heap.asm?.memory ?? heap.wasmMemory;
  result.tfjsBackend = tf.getBackend();
  result.sharedMemory = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  result.simd = backend.simd;

  // A program with every stage (norm clip reduction included), several bindings.
  const program = fusePipeline(adam, { gradientClipNorm: true, gradientClipValue: true, paramClipValue: true });
  const shapes = [[1023], [5], [], [64, 3]];
  const scalars = Float32Array.of(4, 2, 0.5, 0.7, 0.01, 0.9, 0.999, 1e-8);
  // v (slot 3) is a running mean of squares: non-negative.
  const data = shapes.map((shape, b) =>
    program.tensors.map((_, k) => values(shape.reduce((x, y) => x * y, 1), 7 + 13 * b + k).map((x) => (k === 3 ? Math.abs(x) : x))),
  );
  const mine = data.map((slots, b) => slots.map((v, k) => (k === 1 ? tf.tensor(v, shapes[b]) : tf.variable(tf.tensor(v, shapes[b])))));
  backend.runUpdate({ program, bindings: mine, scalars });
  result.copiesOnWrite = backend.stats.copiesOnWrite; // tf.variable(t) shares t's data: copied once
  await tf.setBackend('cpu');
  const expected = tf.tidy(() => {
    const refs = data.map((slots, b) => slots.map((v) => tf.tensor(v, shapes[b])));
    const vars = refs.map((slots) => slots.map((t, k) => (k === 1 ? t : tf.variable(t))));
    createOpsBackend().runUpdate({ program, bindings: vars, scalars });
    return vars.map((slots) => slots.map((t) => Array.from(t.dataSync())));
  });
  await tf.setBackend('wasm');
  let worst = 0;
  mine.forEach((slots, b) =>
    slots.forEach((t, k) => {
      const a = t.dataSync();
      const e = expected[b][k];
      const scale = Math.max(...e.map(Math.abs), 1e-30);
      e.forEach((x, i) => {
        const error = Number.isNaN(x) && Number.isNaN(a[i]) ? 0 : Math.abs(a[i] - x) / (1e-6 * Math.abs(x) + 1e-6 * scale);
        worst = Math.max(worst, Number.isNaN(error) ? Infinity : error);
      });
    }),
  );
  result.adamWorstErrorInTolerances = worst; // <= 1 means within 1e-6 rel + 1e-6 * scale
  result.kernelCalls = backend.stats.kernelCalls;
  result.fallbackCalls = backend.stats.fallbackCalls;

  // GradientDescentMomentum, through the public optimizer API, bitwise against the ops backend.
  const init = values(777, 99);
  const grads = [1, 2, 3].map((s) => values(777, s));
  const world = async (which) => {
    await tf.setBackend(which === 'mine' ? 'wasm' : 'cpu');
    setBackend(which === 'mine' ? backend : createOpsBackend());
    const entry = { param: tf.variable(tf.tensor(init)), grad: tf.tensor(grads[0]), states: [] };
    const opt = new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, nesterov: true, wdecay: 0.01 });
    for (const g of grads) {
      entry.grad.dispose();
      entry.grad = tf.tensor(g);
      opt.optimize([{ name: 'l', getParams: () => [entry] }], 0);
    }
    return [Array.from(entry.param.dataSync()), Array.from(entry.states[0].dataSync())];
  };
  const ref = await world('ref');
  const got = await world('mine');
  result.gdmBitwise = got.every((a, k) => a.every((x, i) => Object.is(x, ref[k][i])));
  return result;
}

const report = (text) => fetch('/result', { method: 'POST', body: text });
run().then(
  (r) => report('RESULT ' + JSON.stringify(r)),
  (e) => report('ERROR ' + (e && e.stack ? e.stack : String(e))),
);
