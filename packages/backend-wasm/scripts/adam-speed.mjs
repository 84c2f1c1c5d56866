// Times the wasm backend's fused kernel on an Adam-like program against tf.train.adam on
// tfjs-backend-wasm, over 1e6 and 1e7 floats: medians of interleaved runs. Not a test.
// Usage: pnpm --filter @descent/backend-wasm build && node scripts/adam-speed.mjs [rounds]
import { defineUpdate, fusePipeline } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { createBackend } from '@descent/backend-wasm';

const rounds = Number(process.argv[2] ?? 15);
const log = console.log;
console.log = () => {}; // tfjs' advertisement for tfjs-node
const backend = await createBackend();
const scalarBackend = await createBackend({ simd: false });
console.log = log;

const adam = defineUpdate({
  name: 'adam',
  states: ['m', 'v'],
  scalars: ['stepSize', 'beta1', 'beta2', 'epsilon'],
  update: ({ param, grad, m, v }, s, { clipScale }) => {
    const m1 = s.beta1.mul(m).add(s.beta1.oneMinus().mul(grad));
    const v1 = s.beta2.mul(v).add(s.beta2.oneMinus().mul(grad.square()));
    return { m: m1, v: v1, param: param.sub(clipScale.mul(s.stepSize).mul(m1).div(v1.sqrt().add(s.epsilon))) };
  },
});
const program = fusePipeline(adam, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
const copy = defineUpdate({ name: 'copy', states: [], scalars: [], update: ({ grad }) => ({ param: grad }) });
const copyProgram = fusePipeline(copy, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn, reps) => {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
};

log(`node ${process.version}, tfjs ${tf.version_core}, wasm backend simd=${backend.simd}, ${rounds} interleaved rounds`);
for (const n of [1e6, 1e7]) {
  const reps = n >= 1e7 ? 3 : 20;
  const vars = () => [tf.variable(tf.randomUniform([n], -1, 1)), tf.randomUniform([n], -1, 1), tf.variable(tf.zeros([n])), tf.variable(tf.zeros([n]))];
  const mine = vars();
  const mineScalar = vars();
  const copyVars = [tf.variable(tf.zeros([n])), tf.randomUniform([n])];
  const tfParam = tf.variable(tf.randomUniform([n], -1, 1), true, `p${n}`);
  const tfGrad = tf.randomUniform([n], -1, 1);
  const tfAdam = tf.train.adam(0.001, 0.9, 0.999, 1e-8);
  let t = 0;
  const scalars = new Float32Array(program.scalars.length);
  const step = (b, bindings) => {
    t++;
    // batchSize, stepSize (bias correction folded in), beta1, beta2, epsilon: new values every step.
    scalars.set([1, (0.001 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t), 0.9, 0.999, 1e-8]);
    b.runUpdate({ program, bindings: [bindings], scalars });
  };
  const runs = { fused: [], fusedScalar: [], copy: [], tfjs: [] };
  // Warm-up: compile, tier up, first-use copies.
  for (let i = 0; i < 3; i++) {
    step(backend, mine);
    step(scalarBackend, mineScalar);
    backend.runUpdate({ program: copyProgram, bindings: [copyVars], scalars: Float32Array.of(1) });
    tf.tidy(() => tfAdam.applyGradients({ [tfParam.name]: tfGrad }));
  }
  for (let r = 0; r < rounds; r++) {
    runs.fused.push(time(() => step(backend, mine), reps));
    runs.tfjs.push(time(() => tf.tidy(() => tfAdam.applyGradients({ [tfParam.name]: tfGrad })), reps));
    runs.fusedScalar.push(time(() => step(scalarBackend, mineScalar), reps));
    runs.copy.push(time(() => backend.runUpdate({ program: copyProgram, bindings: [copyVars], scalars: Float32Array.of(1) }), reps));
  }
  // Bytes moved per element: Adam reads p, g, m, v and writes p, m, v; the copy reads g and
  // writes p (plus the read-for-ownership of p's cache lines: 12 bytes of traffic).
  const row = (name, times, bytes) => {
    const ms = median(times);
    return (
      `  ${name.padEnd(34)} median ${ms.toFixed(3).padStart(8)} ms/step ${((ms * 1e6) / n).toFixed(3).padStart(7)} ns/elem` +
      `  (min ${((Math.min(...times) * 1e6) / n).toFixed(3)} ns/elem)` +
      (bytes ? `  ${((bytes * n) / (ms * 1e6)).toFixed(1).padStart(5)} GB/s` : '')
    );
  };
  const fused = median(runs.fused);
  const tfjs = median(runs.tfjs);
  log(`n = ${n.toExponential(0)} floats`);
  log(row('descent wasm, Adam fused (SIMD)', runs.fused, 28));
  log(row('descent wasm, Adam fused (scalar)', runs.fusedScalar, 28));
  log(row('descent wasm, copy p <- g (SIMD)', runs.copy, 12));
  log(row('tf.train.adam on tfjs-wasm', runs.tfjs, 0));
  const copyBandwidth = (12 * n) / (median(runs.copy) * 1e6);
  log(`  memory-bound estimate for Adam at the copy's bandwidth: ${(28 / copyBandwidth).toFixed(3)} ns/elem`);
  log(`  speed-up vs tf.train.adam: ${(tfjs / fused).toFixed(1)}x`);
  tf.dispose([...mine, ...mineScalar, ...copyVars, tfParam, tfGrad]);
  tfAdam.dispose();
}
