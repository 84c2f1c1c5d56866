import { createBackend } from '@descent/backend-webgpu';
import { setBackend, StepSchedule } from '@descent/core';
import { GradientDescentMomentum, type GradientDescentMomentumOptions } from '@descent/gradient-descent-momentum';
import * as tf from '@tensorflow/tfjs-core';
import { type Check, check, type ConformanceContext, expectAllClose, onReferenceAndWebGPU, readAll } from './harness.js';
import { TestLayer } from './layer.js';
import { GpuSpy } from './spies.js';

/** How many tensors one reduction dispatch reads on this device (as the backend decides). */
function reduceInputs(): number {
  const device = (tf.backend() as unknown as { device: GPUDevice }).device;
  return Math.max(1, Math.min(device.limits.maxStorageBuffersPerShaderStage - 1, 8));
}

/**
 * Runs GDM on `shapes` for `steps` steps on both sides; on the WebGPU side, counts GPU
 * calls during every step after the first (which compiles) and checks them per step.
 */
async function countedRun(
  ctx: ConformanceContext,
  label: string,
  shapes: number[][],
  options: GradientDescentMomentumOptions,
  steps: number,
  expectedDispatches: number,
): Promise<void> {
  const spying: { spy?: GpuSpy } = {};
  const perStep: { readbacks: number; dispatches: number; submits: number; compiles: number }[] = [];
  try {
    const got = await onReferenceAndWebGPU(
      ctx,
      {
        setup: () => ({ layer: new TestLayer('counted', shapes, 9), optimizer: new GradientDescentMomentum(options) }),
        step: ({ layer, optimizer }, k) => {
          layer.setGrads(k);
          const counting = tf.getBackend() === 'webgpu' && k > 0;
          if (counting) (spying.spy ??= new GpuSpy()).reset();
          optimizer.optimize([layer], Math.floor(k / 3));
          if (counting) perStep.push({ ...spying.spy!.counts });
        },
        read: ({ layer }) => readAll(layer.tensors()),
        dispose: ({ layer, optimizer }) => {
          optimizer.dispose();
          layer.dispose();
        },
      },
      steps,
    );
    expectAllClose(label, got);
  } finally {
    spying.spy?.restore();
  }
  check(perStep.length === steps - 1, `${label}: counted ${perStep.length} steps`);
  perStep.forEach((c, k) => {
    const at = `${label}, step ${k + 1}`;
    check(c.readbacks === 0, `${at}: ${c.readbacks} GPU→CPU readbacks, expected 0`);
    check(c.submits === 1, `${at}: ${c.submits} queue submits, expected exactly 1`);
    check(c.dispatches === expectedDispatches, `${at}: ${c.dispatches} dispatches, expected ${expectedDispatches}`);
    check(c.compiles === 0, `${at}: ${c.compiles} shader compiles after the first step (scalars must not recompile)`);
  });
}

const FOUR = [[4, 3], [5], [], [33]];
const schedule = () => new StepSchedule({ stepConfig: [1, 2], change: [0.05, 0.01] });

export const runtimeChecks: Check[] = [
  {
    name: 'no readback, one submit, one dispatch per parameter, no recompiles (momentum, schedule)',
    run: (ctx) => countedRun(ctx, 'momentum', FOUR, { learningRate: 0.1, momentumCoef: 0.9, schedule: schedule() }, 9, FOUR.length),
  },
  {
    name: 'norm clip is reduced on the GPU: no readback, one submit, params + ceil(params / K) dispatches',
    run: (ctx) =>
      countedRun(ctx, 'norm clip', FOUR, { learningRate: 0.1, momentumCoef: 0.9, nesterov: true, gradientClipNorm: 0.5, gradientClipValue: 1 }, 6,
        FOUR.length + Math.ceil(FOUR.length / reduceInputs())),
  },
  {
    name: 'many tensors (300 params of 1-40 elements) with norm clip',
    run: (ctx) => {
      const shapes = Array.from({ length: 300 }, (_, i) => [1 + ((i * 37) % 40)]);
      return countedRun(ctx, 'many', shapes, { learningRate: 0.05, momentumCoef: 0.5, gradientClipNorm: 3 }, 4,
        300 + Math.ceil(300 / reduceInputs()));
    },
  },
  {
    name: 'odd and empty sizes: [], [1], [3], [255], [257], [1023], [70001], [0], [2,0]',
    async run(ctx) {
      const shapes = [[], [1], [3], [255], [257], [1023], [70001], [0], [2, 0]];
      await countedRun(ctx, 'odd sizes', shapes, { learningRate: 0.1, momentumCoef: 0.9, gradientClipNorm: 10 }, 4,
        7 + Math.ceil(7 / reduceInputs()));
    },
  },
  {
    name: 'grid-stride loops: 140001 elements with 2-thread workgroups (more than 65535 workgroups)',
    async run(ctx) {
      await tf.setBackend('webgpu');
      const small = await createBackend({ workgroupSize: 2 });
      try {
        const shapes = [[140001], [3]];
        await countedRun({ backend: small }, 'grid stride', shapes, { learningRate: 0.1, momentumCoef: 0.9, gradientClipNorm: 100 }, 3,
          2 + Math.ceil(2 / reduceInputs()));
      } finally {
        small.dispose?.();
        setBackend(ctx.backend);
      }
    },
  },
  {
    name: 'no tensor or GPU memory leak and no readback over 1,000 steps (and the result still agrees)',
    async run(ctx) {
      const options: GradientDescentMomentumOptions = { learningRate: 0.01, momentumCoef: 0.9, gradientClipNorm: 1, gradientClipValue: 0.5 };
      const shapes = [[6, 5], [7], []];
      const memory: { tensors: number; bytes: number; gpuBytes: number }[] = [];
      let readbacks = -1;
      const got = await onReferenceAndWebGPU(
        ctx,
        {
          setup: () => {
            const layer = new TestLayer('soak', shapes, 4);
            layer.setGrads(0, 0.2);
            return { layer, optimizer: new GradientDescentMomentum(options), spy: null as GpuSpy | null };
          },
          step: (state, k) => {
            const onGpu = tf.getBackend() === 'webgpu';
            state.optimizer.optimize([state.layer], 0);
            if (!onGpu) return;
            if (k === 0) state.spy = new GpuSpy();
            if (k === 0 || k === 999) {
              const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
              memory.push({ tensors: m.numTensors, bytes: m.numBytes, gpuBytes: m.numBytesInGPU ?? -1 });
            }
            if (k === 999) {
              readbacks = state.spy!.counts.readbacks;
              state.spy!.restore();
            }
          },
          read: ({ layer }) => readAll(layer.tensors()),
          dispose: ({ layer, optimizer, spy }) => {
            spy?.restore();
            optimizer.dispose();
            layer.dispose();
          },
        },
        1000,
      );
      expectAllClose('1000 steps', got, 1e-5);
      const [first, last] = memory;
      check(!!first && !!last, 'memory was not sampled');
      check(first!.tensors === last!.tensors, `tensors: ${first!.tensors} after step 1, ${last!.tensors} after step 1000`);
      check(first!.bytes === last!.bytes, `bytes: ${first!.bytes} after step 1, ${last!.bytes} after step 1000`);
      check(first!.gpuBytes === last!.gpuBytes, `GPU bytes in use: ${first!.gpuBytes} after step 1, ${last!.gpuBytes} after step 1000`);
      check(readbacks === 0, `${readbacks} readbacks in 999 steps`);
    },
  },
];

