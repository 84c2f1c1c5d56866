import { getParamList, isDescentError, type Layer, type Optimizer, type ParamEntry } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { TestModel } from '../../test-model.js';
import { activateBackend, type ConformanceBackend } from '../backends.js';
import { type ConformanceCase, type ConformanceConfig, resolveConfig } from '../config.js';
import { runOptimizer } from '../run.js';
import { caseInputs } from './agreement.js';
import { expectSameValues } from './bits.js';
import { expectRepeatable } from './cross-backend.js';

/** A bad call: the layers (the last one faulty) and epoch to call `optimize` with. */
interface Fault {
  readonly name: string;
  /** Builds the call; `made` collects the tensors it created, disposed afterwards. */
  make(entries: readonly ParamEntry[], stateCount: number, made: tf.Tensor[]): { layers: Layer[]; epoch: number };
}

/** One layer per entry, the last entry replaced by `last` (or followed by `extra`). */
function layersWith(entries: readonly ParamEntry[], last: ParamEntry | undefined, extra?: ParamEntry): Layer[] {
  const list = entries.map((entry, i) => (i === entries.length - 1 && last ? last : entry));
  if (extra) list.push(extra);
  return list.map((entry, i) => ({ name: `layer${i}`, getParams: () => [entry] }));
}

const track = <T extends tf.Tensor>(made: tf.Tensor[], t: T): T => (made.push(t), t);

const lastGrad = (name: string, grad: (shape: number[], made: tf.Tensor[]) => unknown): Fault => ({
  name,
  make(entries, _count, made) {
    const entry = entries[entries.length - 1]!;
    return { layers: layersWith(entries, { ...entry, grad: grad(entry.param.shape, made) as tf.Tensor }), epoch: 0 };
  },
});

/** Every fault the kit tries, each in the last layer of the call (or in the epoch). */
export const FAULTS: readonly Fault[] = [
  lastGrad('a grad of the wrong shape', (shape, made) => track(made, tf.zeros([...shape, 2]))),
  lastGrad('a disposed grad', (shape) => {
    const t = tf.zeros(shape);
    t.dispose();
    return t;
  }),
  lastGrad('an int32 grad', (shape, made) => track(made, tf.zeros(shape, 'int32'))),
  lastGrad('a missing grad', () => undefined),
  {
    name: 'a param that is not a tf.Variable',
    make(entries, _count, made) {
      const entry = entries[entries.length - 1]!;
      const param = track(made, tf.zeros(entry.param.shape)) as unknown as tf.Variable;
      return { layers: layersWith(entries, { ...entry, param, states: [] }), epoch: 0 };
    },
  },
  {
    name: 'a state list of the wrong length (made by another optimizer?)',
    make(entries, count, made) {
      const entry = entries[entries.length - 1]!;
      const states = Array.from({ length: count + 1 }, () => track(made, tf.tidy(() => tf.variable(tf.zeros(entry.param.shape), false))));
      return { layers: layersWith(entries, { ...entry, states }), epoch: 0 };
    },
  },
  { name: 'a param that appears twice', make: (entries) => ({ layers: layersWith(entries, undefined, entries[0]), epoch: 0 }) },
  { name: 'a negative epoch', make: (entries) => ({ layers: layersWith(entries, undefined), epoch: -1 }) },
  { name: 'a NaN epoch', make: (entries) => ({ layers: layersWith(entries, undefined), epoch: Number.NaN }) },
];

async function expectFaultsRejected(optimizer: Optimizer, model: TestModel, stateCount: number, where: string): Promise<void> {
  const entries = getParamList(model.layers);
  for (const fault of FAULTS) {
    const before = await model.read();
    const made: tf.Tensor[] = [];
    const { layers, epoch } = fault.make(entries, stateCount, made);
    const tensors = tf.memory().numTensors;
    let thrown: unknown;
    try {
      optimizer.optimize(layers, epoch);
    } catch (error) {
      thrown = error;
    }
    for (const t of made) if (!t.isDisposed) t.dispose();
    const label = `${where}, ${fault.name}`;
    if (thrown === undefined) expect.fail(`${label}: optimize() accepted it`);
    if (!isDescentError(thrown)) expect.fail(`${label}: threw ${String(thrown)}, not a typed Descent error (InvalidTensorError, InvalidOptionError...)`);
    expectSameValues(await model.read(), before, `${label}: the failed call wrote`);
    expect(tf.memory().numTensors, `${label}: tensors allocated by the failed call`).toBe(tensors - made.length);
  }
}

/**
 * Checks that a call with bad input (a bad grad, param or state list in the LAST layer, or a
 * bad epoch) throws a typed Descent error and leaves every param and state bit-identical,
 * creates no state, and allocates nothing; on a fresh model and on one with states. Then the
 * optimizer takes a good step, which must match a twin that never saw the bad calls (so a
 * failed call is not counted, e.g. as Adam's `t`).
 */
export async function checkAtomicity<O>(config: ConformanceConfig<O>, backend: ConformanceBackend, kase?: ConformanceCase<O>): Promise<void> {
  const resolved = resolveConfig(config);
  const c = kase ?? resolved.cases[0]!;
  await activateBackend(backend);
  const stateCount = resolved.stateCount(c.options);
  const all = caseInputs(config, c);
  const inputs = { ...all, steps: all.steps.slice(0, 3) };
  const where = `${resolved.name} on ${backend.name} (${c.name})`;
  const optimizer = resolved.create(c.options);
  const twin = resolved.create(c.options);
  try {
    const faulted = await runOptimizer(optimizer, inputs, {
      beforeSteps: async (model) => {
        await expectFaultsRejected(optimizer, model, stateCount, `${where}, first call`);
        expect(model.states.every((list) => list.length === 0), `${where}: failed first calls created states`).toBe(true);
      },
      afterStep: async (step, model) => {
        if (step === 1) await expectFaultsRejected(optimizer, model, stateCount, `${where}, after 2 steps`);
      },
    });
    const clean = await runOptimizer(twin, inputs);
    const label = `${where}: a good step after the failed calls vs a twin optimizer that saw none`;
    expectRepeatable(label, faulted, clean, backend.deterministic, resolved.tolerance);
  } finally {
    optimizer.dispose();
    twin.dispose();
  }
}
