import type { WasmBackend } from '@descent/backend-wasm';
import { defineUpdate, fusePipeline } from '@descent/core';
import { beforeAll, expect, it } from 'vitest';
import { expectClose, reference, runOn, scaleOf, wasmBackend } from './helpers.js';
import { bindingData } from './random-programs.js';

const rule = defineUpdate({
  name: 'rms-like',
  states: ['ms'],
  scalars: ['decay', 'rate', 'epsilon'],
  update: ({ param, grad, ms }, s, { clipScale }) => {
    const ms1 = s.decay.mul(ms).add(s.decay.oneMinus().mul(grad).mul(grad));
    return { ms: ms1, param: param.sub(clipScale.mul(grad).mul(s.rate).div(ms1.add(s.epsilon).sqrt().add(s.epsilon))) };
  },
});

let backend: WasmBackend;
beforeAll(async () => {
  backend = await wasmBackend();
});

it('updates 400 params of mixed sizes in one call (the call table grows on the tfjs heap)', async () => {
  const program = fusePipeline(rule, { gradientClipNorm: true, gradientClipValue: true, paramClipValue: false });
  const shapes = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? [] : [(i * 37) % 61]));
  const data = bindingData(program, shapes, 42, 'mixed').map((d) => ({
    ...d,
    values: d.values.map((v, k) => (k === 2 ? v.map(Math.abs) : v.map((x) => (Number.isFinite(x) ? x : 0.5)))),
  }));
  const scalars = Float32Array.of(3, 10, 1, 0.9, 0.01, 1e-6);
  const calls = backend.stats.kernelCalls;
  const expected = await reference(program, data, scalars);
  const actual = runOn(backend, program, data, scalars);
  expect(backend.stats.kernelCalls - calls).toBe(1);
  // Norm clipping: summed in another order, see differential-pipeline.test.ts for the floor.
  expected.forEach((slots, b) => slots.forEach((e, k) => expectClose(actual[b]![k]!, e, `binding ${b} slot ${k}`, 1e-6, 1e-6 * scaleOf(e))));
});
