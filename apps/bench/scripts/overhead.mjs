// Per-parameter cost of a Descent step when the parameters are tiny (4 floats): what
// `optimize()` costs per parameter besides the kernel's work, split into core's checks
// (`validate`: the layer walk, tensor checks, per-step scalars) and the backend's `runUpdate`
// (its checks, the call table, tfjs-wasm's cache invalidation); and `optimize()` once more with
// new grad tensors at every step, as in training. Measured with warm caches, and
// right after streaming 64 MB through them, which is what a real step's kernel does to the
// next step's bookkeeping (tensor objects, tfjs' data map, core's entries).
// Not a test. Usage: pnpm build && node scripts/overhead.mjs [tensors=100] [rounds=60]
import { Adam } from '@descent/adam';
import { createBackend } from '@descent/backend-wasm';
import { fusePipeline, setBackend } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { timeColdWarm } from './cold-warm.mjs';

const tensors = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 60);
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
// A training loop's grads are new tensors every step: two sets, taken in turn.
const gradSets = [entries.map((e) => e.grad), entries.map(() => tf.randomUniform([4], -1, 1))];
let turn = 0;
const withNewGrads = entries.map((e) => ({ ...e }));
const layersWithNewGrads = [{ name: 'tiny', getParams: () => withNewGrads }];
const optimizer = new Adam();
optimizer.optimize(layers, 0); // creates the states
const program = fusePipeline(optimizer.rule, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
const bindings = entries.map((e) => [e.param, e.grad, ...e.states]);
const scalars = new Float32Array(program.scalars.length).fill(0.5);

const other = new Adam();
other.optimize(layersWithNewGrads, 0);
const runs = {
  'optimize()': () => optimizer.optimize(layers, 0),
  'optimize(), new grads': () => {
    turn ^= 1;
    for (let i = 0; i < withNewGrads.length; i++) withNewGrads[i].grad = gradSets[turn][i];
    other.optimize(layersWithNewGrads, 0);
  },
  'core: validate()': () => optimizer.validate(layers, 0),
  'backend: runUpdate()': () => backend.runUpdate({ program, bindings, scalars }),
};
const perTensor = (ms) => (ms * 1000) / tensors;
log(`Adam, ${tensors} tensors of 4 floats, ${rounds} rounds: µs per parameter per step (medians)`);
for (const [name, { warm, cold }] of Object.entries(timeColdWarm(runs, rounds))) {
  log(`  ${name.padEnd(24)} warm caches ${perTensor(warm).toFixed(2)}   after a cache flush ${perTensor(cold).toFixed(2)}`);
}
