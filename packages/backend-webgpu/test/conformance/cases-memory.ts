import { BackendError, defineUpdate, fusePipeline, getBackend, PIPELINE_SCALARS } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import * as tf from '@tensorflow/tfjs-core';
import { type Check, check, expectAllClose, expectClose, onReferenceAndWebGPU, readAll, seededValues, variableOf } from './harness.js';

const INIT = seededValues(77, 10);
const GRAD = seededValues(78, 10, 2);
const options = { learningRate: 0.1, momentumCoef: 0.9 };

const sgd = defineUpdate({
  name: 'sgd',
  states: [],
  scalars: ['rate'],
  update: ({ param, grad }, s) => ({ param: param.sub(s.rate.mul(grad)) }),
});

function entry(param: tf.Variable, grad: tf.Tensor) {
  return { param, grad, states: [] as tf.Variable[] };
}

/** Sharing, caching and ordering between tfjs and the in-place writes. */
export const memoryChecks: Check[] = [
  {
    name: 'copy-on-write: tf.variable(init) twice, and a grad that shares the param\'s data',
    async run(ctx) {
      const got = await onReferenceAndWebGPU(
        ctx,
        {
          setup: () => {
            const init = tf.tensor(INIT);
            const a = tf.variable(init);
            const b = tf.variable(init);
            const c = variableOf(INIT, [10]);
            const entries = [entry(a, tf.tensor(GRAD)), entry(b, tf.tidy(() => tf.neg(tf.tensor(GRAD)))), entry(c, tf.clone(c))];
            return { init, entries, optimizer: new GradientDescentMomentum(options) };
          },
          step: ({ entries, optimizer }, k) => optimizer.optimize([{ name: `cow${k}`, getParams: () => entries }], 0),
          read: ({ init, entries }) => readAll([init, ...entries.flatMap((e) => [e.param, e.grad, ...e.states])]),
          dispose: ({ init, entries, optimizer }) => {
            optimizer.dispose();
            [init, ...entries.flatMap((e) => [e.param, e.grad])].forEach((t) => t.dispose());
          },
        },
        3,
      );
      expectAllClose('copy-on-write', got);
      expectClose('init after the steps', got.webgpu[0]!, INIT, 0, 0);
    },
  },
  {
    name: 'values tfjs cached on the CPU by a read are not served stale after an in-place step',
    async run(ctx) {
      const got = await onReferenceAndWebGPU(
        ctx,
        {
          setup: () => ({ entries: [entry(variableOf(INIT, [10]), tf.tensor(GRAD))], optimizer: new GradientDescentMomentum(options) }),
          step: async ({ entries, optimizer }) => {
            await entries[0]!.param.data();
            optimizer.optimize([{ name: 'cache', getParams: () => entries }], 0);
          },
          read: ({ entries }) => readAll([entries[0]!.param, entries[0]!.states[0]!]),
          dispose: ({ entries, optimizer }) => {
            optimizer.dispose();
            entries.forEach((e) => [e.param, e.grad].forEach((t) => t.dispose()));
          },
        },
        3,
      );
      expectAllClose('cached reads', got);
    },
  },
  {
    name: 'ordering with tfjs: grads computed by pending tfjs GPU ops from the param, and ops after the step',
    async run(ctx) {
      const got = await onReferenceAndWebGPU(
        ctx,
        {
          setup: () => ({ p: variableOf(INIT, [10]), states: [] as tf.Variable[], after: [] as tf.Tensor[], optimizer: new GradientDescentMomentum(options) }),
          step: (s) => {
            // Recorded into tfjs's command encoder, not yet submitted when optimize() runs.
            const grad = tf.tidy(() => tf.mul(tf.add(s.p, 1), 0.7)); // exact ops: same values on both sides
            s.optimizer.optimize([{ name: 'order', getParams: () => [{ param: s.p, grad, states: s.states }] }], 0);
            grad.dispose();
            s.after.push(tf.mul(s.p, 2));
          },
          read: (s) => readAll([s.p, ...s.states, ...s.after]),
          dispose: (s) => {
            s.optimizer.dispose();
            [s.p, ...s.after].forEach((t) => t.dispose());
          },
        },
        4,
      );
      expectAllClose('ordering', got);
    },
  },
  {
    name: 'a call with a tensor on another tfjs backend throws BackendError naming it, and writes nothing',
    async run(ctx) {
      await tf.setBackend('cpu');
      const foreign = variableOf(INIT, [10], 'foreign/w');
      await tf.setBackend('webgpu');
      const local = variableOf(INIT, [10], 'local/w');
      const grad = tf.tensor(GRAD);
      const optimizer = new GradientDescentMomentum(options);
      try {
        let error: unknown;
        try {
          optimizer.optimize([{ name: 'mixed', getParams: () => [entry(local, grad), entry(foreign, grad)] }], 0);
        } catch (e) {
          error = e;
        }
        check(error instanceof BackendError, `expected a BackendError, got ${String(error)}`);
        check(String((error as Error).message).includes('"foreign/w"'), `message does not name the tensor: ${(error as Error).message}`);
        expectClose('local param after the failed call', await local.data(), INIT, 0, 0);
        check(getBackend() === ctx.backend, 'backend changed');
      } finally {
        optimizer.dispose();
        [foreign, local, grad].forEach((t) => t.dispose());
      }
    },
  },
  {
    name: 'a step while tfjs is on another backend throws BackendError asking for tf.setBackend(\'webgpu\')',
    async run(ctx) {
      const p = variableOf(INIT, [10], 'switched/w');
      const grad = tf.tensor(GRAD);
      await tf.setBackend('cpu');
      try {
        let error: unknown;
        try {
          const program = fusePipeline(sgd, { gradientClipNorm: false, gradientClipValue: false, paramClipValue: false });
          const scalars = Float32Array.from(program.scalars, (n) => (n === PIPELINE_SCALARS.batchSize ? 1 : 0.1));
          ctx.backend.runUpdate({ program, bindings: [[p, grad]], scalars });
        } catch (e) {
          error = e;
        }
        check(error instanceof BackendError && /tf\.setBackend\('webgpu'\)/.test(error.message), `expected a BackendError, got ${String(error)}`);
      } finally {
        await tf.setBackend('webgpu');
        [p, grad].forEach((t) => t.dispose());
      }
    },
  },
];
