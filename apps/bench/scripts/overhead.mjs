// Per-tensor cost of a Descent step when the tensors are tiny (4 floats): what `optimize()`
// costs per parameter besides the kernel's work, split into core's checks (`validate`: the
// layer walk, tensor checks, per-step scalars) and the backend's `runUpdate` (its checks, the
// call table, tfjs-wasm's cache invalidation). Medians and minimums of interleaved rounds.
// Not a test. Usage: pnpm build && node scripts/overhead.mjs [tensors=100] [rounds=15]
import { Adam } from '@descent/adam';
import { createBackend } from '@descent/backend-wasm';
import { fusePipeline, setBackend } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';

const tensors = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 15);
const log = console.log;
console.log = () => {}; // tfjs' advertisement for tfjs-node
const backend = await createBackend();
console.log = log;
setBackend(backend);

const entries = Array.from({ length: tensors }, () => ({
  param: tf.tidy(() => tf.variable(tf.randomUniform([4], -1, 1))),
  grad: tf.randomUniform([4], -1, 1),
  states: [],
}));
const layers = [{ name: 'tiny', getParams: () => entries }];
const optimizer = new Adam();
optimizer.optimize(layers, 0); // creates the states
const program = fusePipeline(optimizer.rule, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
const bindings = entries.map((e) => [e.param, e.grad, ...e.states]);
const scalars = new Float32Array(program.scalars.length).fill(0.5);

const runs = {
  'optimize()': () => optimizer.optimize(layers, 0),
  'core: validate()': () => optimizer.validate(layers, 0),
  'backend: runUpdate()': () => backend.runUpdate({ program, bindings, scalars }),
};
const time = (fn, reps) => {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return ((performance.now() - t0) / reps / tensors) * 1000;
};
for (let i = 0; i < 2000; i++) for (const fn of Object.values(runs)) fn();
const samples = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(runs)) samples[k].push(time(fn, 1000));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
log(`Adam, ${tensors} tensors of 4 floats, ${rounds} rounds: µs per tensor per step`);
for (const [k, xs] of Object.entries(samples)) {
  log(`  ${k.padEnd(22)} median ${median(xs).toFixed(3)}  min ${Math.min(...xs).toFixed(3)}`);
}
