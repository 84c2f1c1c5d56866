// What tfjs-backend-wasm charges per parameter to forget its cached kernel weights after an
// in-place write (its C++ `dispose_data` + `register_tensor`, the only API that drops XNNPACK's
// packed copies), called from JavaScript as backend-wasm does, and from a WebAssembly loop
// that imports the two functions (no JavaScript per parameter: the C++ work alone). Measured
// with warm caches and right after streaming 64 MB through them (what a step's kernel does to
// the next step). For comparison: one lookup in tfjs' data map (a WeakMap) and reading two
// fields of a tensor. Not a test. Usage: node scripts/invalidation-cost.mjs [params=100] [rounds=100]
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { timeColdWarm } from './cold-warm.mjs';

const params = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 100);
const log = console.log;
console.log = () => {}; // tfjs' advertisement for tfjs-node
await tf.setBackend('wasm');
console.log = log;
const backend = tf.backend();
const exports = backend.wasm.asm;
const tensors = Array.from({ length: params }, () => tf.variable(tf.randomUniform([4])));
const records = tensors.map((t) => backend.dataIdMap.get(t.dataId));

// (func $run (param $table i32) (param $n i32)): for each (id, offset) pair in the table,
// dispose_data(id); register_tensor(id, 4, offset).
const u = (...bytes) => bytes;
const body = u(
  0, // no locals
  0x02, 0x40, 0x03, 0x40, // block loop
  0x20, 0, 0x28, 2, 0, 0x10, 0, // dispose_data(i32.load(table))
  0x20, 0, 0x28, 2, 0, 0x41, 4, 0x20, 0, 0x28, 2, 4, 0x10, 1, // register_tensor(id, 4, i32.load offset=4)
  0x20, 0, 0x41, 8, 0x6a, 0x21, 0, // table += 8
  0x20, 1, 0x41, 1, 0x6b, 0x22, 1, 0x0d, 0, // br_if (--n)
  0x0b, 0x0b, 0x0b,
);
const module = new Uint8Array([
  ...u(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0),
  ...u(1, 16, 3, 0x60, 1, 0x7f, 0, 0x60, 3, 0x7f, 0x7f, 0x7f, 0, 0x60, 2, 0x7f, 0x7f, 0), // types
  ...u(2, 20, 3, 1, 0x65, 1, 0x64, 0, 0, 1, 0x65, 1, 0x72, 0, 1, 1, 0x65, 1, 0x6d, 2, 0, 0), // imports e.d, e.r, e.m
  ...u(3, 2, 1, 2), // one function of type 2
  ...u(7, 7, 1, 3, 0x72, 0x75, 0x6e, 0, 2), // export "run"
  ...u(10, body.length + 2, 1, body.length, ...body),
]);
const instance = new WebAssembly.Instance(new WebAssembly.Module(module), {
  e: { d: exports.dispose_data, r: exports.register_tensor, m: exports.memory },
});
const table = backend.wasm._malloc(params * 8);
const ints = new Int32Array(exports.memory.buffer);
records.forEach((r, i) => {
  ints[table / 4 + 2 * i] = r.id;
  ints[table / 4 + 2 * i + 1] = r.memoryOffset;
});
const registry = backend.wasm.tfjs;
const map = backend.dataIdMap.data;

const runs = {
  'invalidation, from JavaScript': () => {
    for (const r of records) {
      registry.disposeData(r.id);
      registry.registerTensor(r.id, 4, r.memoryOffset);
    }
  },
  'invalidation, from wasm': () => instance.exports.run(table, params),
  'one data-map lookup': () => {
    let sum = 0;
    for (const t of tensors) sum += map.get(t.dataId).memoryOffset;
    return sum;
  },
  'two tensor fields': () => {
    let sum = 0;
    for (const t of tensors) sum += t.size + (t.isDisposed ? 1 : 0);
    return sum;
  },
};
const ns = (ms) => ((ms * 1e6) / params).toFixed(0).padStart(5);
log(`${params} params, ${rounds} rounds: ns per param (medians)`);
for (const [name, { warm, cold }] of Object.entries(timeColdWarm(runs, rounds))) {
  log(`  ${name.padEnd(30)} warm ${ns(warm)}   after a cache flush ${ns(cold)}`);
}
