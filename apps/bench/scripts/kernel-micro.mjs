// Times generated kernels directly on a plain WebAssembly.Memory (no tfjs, no per-call
// overhead): per algorithm (ALGS=adam,shift-adamax,... to pick) and per emitter build,
// interleaved rounds, medians and minima in ms and the per-byte ratio to Adam of the same
// build. To compare emitter variants, copy each build's packages/backend-wasm/dist to e.g.
// packages/backend-wasm/node_modules/.variants/<name> (so that it resolves @descent/core) and
// pass those directories. One tensor of n elements, batch size 1, scalars 0.5, every array at
// 16-byte alignment plus OFFSET bytes (default 0). The row
// "sqrt-div" is the divide/square-root unit's floor (see the README's targets). Not a test.
// Usage: pnpm build && node scripts/kernel-micro.mjs [n=1e6] [rounds=15] [distDir...]
import { Adam } from '@descent/adam';
import { defineUpdate, fusePipeline } from '@descent/core';
import { ShiftAdaMax } from '@descent/shift-adamax';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { RMSProp } from '@descent/rmsprop';
import { Adagrad } from '@descent/adagrad';
import { Adadelta } from '@descent/adadelta';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const n = Number(process.argv[2] ?? 1e6);
const rounds = Number(process.argv[3] ?? 15);
const dists = process.argv.slice(4);
const emitters = dists.length === 0
  ? [['pkg', (await import('@descent/backend-wasm')).emitUpdateModule]]
  : await Promise.all(dists.map(async (d) => [d, (await import(pathToFileURL(resolve(d, 'index.js')).href)).emitUpdateModule]));
const only = process.env.ALGS?.split(',');
const algs = [
  ['adam', new Adam(), 28],
  ['shift-adamax', new ShiftAdaMax(), 32],
  ['gdm', new GradientDescentMomentum({ learningRate: 0.01, momentumCoef: 0.9 }), 20],
  ['rmsprop', new RMSProp(), 20],
  ['adagrad', new Adagrad(), 20],
  ['adadelta', new Adadelta(), 28],
  // Not an optimizer: one sqrt and one division per element and nothing else, the floor of
  // Adam, RMSProp and Adagrad in cache (each does exactly these two per element).
  ['sqrt-div', { rule: defineUpdate({ name: 'sqrt-div', states: [], scalars: [], update: ({ param, grad }) => ({ param: grad.div(param.abs().sqrt().add(1)) }) }) }, 12],
].filter(([id]) => !only || only.includes(id));
const flags = { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false };
const bytes = n * 4;
const offset = Number(process.env.OFFSET ?? 0);
const memory = new WebAssembly.Memory({ initial: Math.ceil((6 * (bytes + 64) + 65536) / 65536) + 1 });
const f = new Float32Array(memory.buffer);
for (let i = 0; i < f.length; i++) f[i] = Math.random() * 2 - 1;
const table = 0;
const kernels = [];
for (const [id, opt, perElem] of algs) {
  const program = fusePipeline(opt.rule, flags);
  for (const [name, emit] of emitters) {
    const mod = new WebAssembly.Module(emit(program, { simd: true, sharedMemory: false }));
    const run = new WebAssembly.Instance(mod, { env: { memory } }).exports.run;
    kernels.push({ id, name, program, run, perElem, times: [] });
  }
}
const setup = (k) => {
  const S = k.program.scalars.length;
  const T = k.program.tensors.length;
  const scal = new Float32Array(memory.buffer, table, S);
  scal.fill(0.5); scal[0] = 1; // batchSize
  const d = new Int32Array(memory.buffer, 4 * S, 1 + T);
  d[0] = n;
  // OFFSET=8 puts every tensor at 8 modulo 16, as tfjs' malloc does for about half of them.
  for (let t = 0; t < T; t++) d[1 + t] = 65536 + t * (bytes + 64) + offset;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const reps = Math.max(3, Math.round(2e7 / n));
for (let r = 0; r < rounds + 2; r++) {
  for (const k of kernels) {
    setup(k);
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) k.run(table, 1);
    const dt = (performance.now() - t0) / reps;
    if (r >= 2) k.times.push(dt);
  }
}
const adamBest = new Map(kernels.filter((k) => k.id === 'adam').map((k) => [k.name, Math.min(...k.times) / 28]));
const adam = new Map(kernels.filter((k) => k.id === 'adam').map((k) => [k.name, median(k.times) / 28]));
for (const k of kernels) {
  const ms = median(k.times);
  const ratio = adam.has(k.name) ? (ms / k.perElem / adam.get(k.name)).toFixed(3) : '-';
  const best = Math.min(...k.times);
  const bestRatio = adamBest.has(k.name) ? (best / k.perElem / adamBest.get(k.name)).toFixed(3) : '-';
  console.log(`${k.id.padEnd(13)} ${k.name.padEnd(20)} median ${ms.toFixed(4)} ms  ${((ms * 1e6) / n).toFixed(3)} ns/el  per byte vs adam ${ratio}  (min ${best.toFixed(4)} ms, ${bestRatio})`);
}
