#!/usr/bin/env node
// Adam at N = 1e6 on tfjs-backend-webgpu (Dawn in Node): Descent's fused WGSL update vs
// tf.train.adam, same device, same tfjs backend. Per-step time (medians of interleaved
// rounds, each round = STEPS steps then a wait for the GPU) and dispatches/submits per step.
// Not a test. On a software device (llvmpipe, SwiftShader) the numbers say nothing about
// real GPUs. Usage: pnpm --filter @descent/backend-webgpu bench  (after a build)
process.env.EGL_PLATFORM ??= 'surfaceless';
const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const tf = await import('@tensorflow/tfjs-core');
const { createBackend } = await import('../dist/index.js');
const { defineUpdate, ElementwiseOptimizer, setBackend } = await import('@descent/core');

const N = Number(process.env.BENCH_N ?? 1e6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const STEPS = Number(process.env.BENCH_STEPS ?? 10);

// Adam as NEON_SEMANTICS writes it, the way an algorithm package declares it.
const adamUpdate = defineUpdate({
  name: 'adam',
  states: ['m', 'v'],
  scalars: ['stepSize', 'beta1', 'beta2', 'epsilon'],
  update: ({ param, grad, m, v }, s, { clipScale }) => {
    const m1 = s.beta1.mul(m).add(s.beta1.oneMinus().mul(grad));
    const v1 = s.beta2.mul(v).add(s.beta2.oneMinus().mul(grad.square()));
    return { m: m1, v: v1, param: param.sub(clipScale.mul(s.stepSize).mul(m1).div(v1.sqrt().add(s.epsilon))) };
  },
});
class BenchAdam extends ElementwiseOptimizer {
  t = 0;
  constructor() { super(adamUpdate, {}); }
  stepScalars() {
    const t = this.t + 1;
    return { stepSize: (0.001 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t), beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  }
  onStepApplied() { this.t++; }
}

const workgroupSize = process.env.BENCH_WG ? Number(process.env.BENCH_WG) : undefined;
const backend = await createBackend({ gpu: create(['backend=opengles']), workgroupSize });
setBackend(backend);
const tfjs = tf.backend();
const init = () => tf.tidy(() => tf.variable(tf.randomUniform([N], -1, 1, 'float32', 1)));
const grad = tf.randomUniform([N], -1, 1, 'float32', 2);

const descent = { param: init(), states: [], optimizer: new BenchAdam() };
const layer = { name: 'bench', getParams: () => [{ param: descent.param, grad, states: descent.states }] };
const tfParam = init();
const tfAdam = tf.train.adam(0.001, 0.9, 0.999, 1e-8);

const runs = {
  descent: () => descent.optimizer.optimize([layer], 0),
  'tf.train.adam': () => tfAdam.applyGradients([{ name: tfParam.name, tensor: grad }]),
};
async function settle() {
  tfjs.endComputePassEncoder();
  if (tfjs.commandEncoder) tfjs.submitQueue();
  await tfjs.device.queue.onSubmittedWorkDone();
}
function counted(fn) {
  const counts = { dispatches: 0, submits: 0 };
  const d = GPUComputePassEncoder.prototype.dispatchWorkgroups;
  const s = GPUQueue.prototype.submit;
  GPUComputePassEncoder.prototype.dispatchWorkgroups = function (...a) { counts.dispatches++; return d.apply(this, a); };
  GPUQueue.prototype.submit = function (...a) { counts.submits++; return s.apply(this, a); };
  try { fn(); tfjs.endComputePassEncoder(); if (tfjs.commandEncoder) tfjs.submitQueue(); } finally {
    GPUComputePassEncoder.prototype.dispatchWorkgroups = d;
    GPUQueue.prototype.submit = s;
  }
  return counts;
}

for (const fn of Object.values(runs)) { for (let i = 0; i < 3; i++) fn(); }
await settle();
const counts = Object.fromEntries(Object.entries(runs).map(([k, fn]) => [k, counted(fn)]));
await settle();
const times = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [k, fn] of r % 2 ? Object.entries(runs).reverse() : Object.entries(runs)) {
    await settle();
    const start = performance.now();
    for (let i = 0; i < STEPS; i++) fn();
    await settle();
    times[k].push((performance.now() - start) / STEPS);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const adapter = await globalThis.navigator.gpu.requestAdapter({ featureLevel: 'compatibility' });
console.log(`device: ${adapter?.info.description || adapter?.info.vendor || 'unknown'} (Dawn, OpenGL ES) — a software device`);
console.log(`Adam, N = ${N}, ${ROUNDS} interleaved rounds of ${STEPS} steps, median ms per step:`);
for (const k of Object.keys(runs)) {
  console.log(`  ${k.padEnd(14)} ${median(times[k]).toFixed(3)} ms/step  dispatches/step ${counts[k].dispatches}  submits/step ${counts[k].submits}`);
}
console.log(`  speed-up: ${(median(times['tf.train.adam']) / median(times.descent)).toFixed(2)}x`);
console.log(`  tensors alive: ${tf.memory().numTensors}`);
