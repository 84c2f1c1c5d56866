/**
 * The real-GPU suite: runs only where @tensorflow/tfjs-node-gpu loads and TensorFlow finds a
 * GPU (never on the machines this repo is developed on; see the README). Elsewhere it is
 * skipped, and the reason printed.
 *
 * DESCENT_TFJS_NODE_GPU=<path> loads the addon from a path (an install outside this repo);
 * pointed at test/fixtures/stand-in-addon.cjs it runs this suite's code on the CPU stand-in,
 * which checks the suite itself, not a GPU.
 */
import { createRequire } from 'node:module';
import { type CudaBackend, createBackend } from '@descent/backend-cuda';
import { Adam } from '@descent/adam';
import { type ParamEntry, setBackend } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { caseLabel, FLAGS, RULES, runCase } from './cases.js';
import { expectClose } from './helpers.js';
import { count } from './probe.js';

const addonPath = process.env.DESCENT_TFJS_NODE_GPU;
const loadAddon = addonPath ? async () => createRequire(import.meta.url)(addonPath) : undefined;
const attempt = await createBackend(loadAddon ? { loadAddon } : {}).then(
  (backend) => ({ backend, reason: undefined }),
  (error: Error) => ({ backend: undefined, reason: error.message.split('\n')[0] }),
);
if (attempt.reason !== undefined) console.info(`backend-cuda: real-GPU suite skipped: ${attempt.reason}`);
const gpu = attempt.backend as CudaBackend;

/**
 * Within 1e-6 relative, with an absolute floor of 1e-6 times the tensor's largest magnitude:
 * TensorFlow's GPU kernels sum the norm-clip reduction in another order than tfjs-backend-cpu,
 * and need not round exactly as it does; elements where an update cancels the param get that
 * error relative to the tensor's scale. (Chosen in advance, not yet seen on a real GPU.)
 */
function close(actual: Float32Array, expected: Float32Array, what: string): void {
  let scale = 0;
  for (const v of expected) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  expectClose(actual, expected, what, 1e-6, 1e-6 * scale);
}

describe.skipIf(attempt.backend === undefined)('on a real GPU (@tensorflow/tfjs-node-gpu)', () => {
  it('runs on TensorFlow with a GPU', () => {
    expect(gpu.device).toBe('GPU');
    expect(gpu.addon).toBe('@tensorflow/tfjs-node-gpu');
    expect(tf.getBackend()).toBe('tensorflow');
  });

  describe('every algorithm x every pipeline flag combination against core evaluateProgramOps on tfjs-backend-cpu', () => {
    for (const rule of RULES) {
      for (const flags of FLAGS) {
        it(caseLabel(rule, flags), () => runCase(gpu, rule, flags, close));
      }
    }
  });

  it('1,000 Adam steps with norm clipping: no readback, no tensor left behind', () => {
    setBackend(gpu);
    const entries: ParamEntry[] = [[1000], [64, 32], []].map((shape, i) => ({
      param: tf.variable(tf.randomNormal(shape, 0, 1, 'float32', i)),
      grad: tf.randomNormal(shape, 0, 1, 'float32', 10 + i),
      states: [],
    }));
    const layers = entries.map((entry, i) => ({ name: `l${i}`, getParams: () => [entry] }));
    const optimizer = new Adam({ learningRate: 1e-3, gradientClipNorm: 1, paramClipValue: 4 });
    optimizer.optimize(layers, 0);
    const tensors = tf.memory().numTensors;
    const counts = count(() => {
      for (let step = 1; step <= 1000; step++) optimizer.optimize(layers, 0);
    });
    expect(counts.reads).toBe(0);
    expect(counts.uploads).toBe(1000); // Adam's step size, the one scalar that changes every step
    expect(tf.memory().numTensors).toBe(tensors);
    optimizer.dispose();
    for (const e of entries) tf.dispose([e.param, e.grad]);
  });
});
