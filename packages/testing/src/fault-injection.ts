import { isDescentError, type Optimizer } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { randomValues, seeded, sizeOf } from './seeded.js';
import { TestModel } from './test-model.js';

/** The tensors of a {@link TestModel}, writable, so a fault can replace one entry's. */
export interface FaultTarget {
  /** The params, one per entry. */
  params: tf.Tensor[];
  /** The grads, one per entry (undefined: a missing grad). */
  grads: (tf.Tensor | undefined)[];
  /** The state lists, one per entry. */
  states: tf.Tensor[][];
}

/** What a fault needs to know: which entry, and tensors it may copy from. */
export interface FaultContext {
  /** The index of the entry to corrupt. */
  readonly k: number;
  /** That entry's param shape. */
  readonly shape: readonly number[];
  /** Makes a float32 tensor of `shape` on another tfjs backend than the active one (for "tensor on a foreign backend"). */
  readonly foreignTensor?: (shape: readonly number[]) => tf.Tensor;
}

/** One way to make entry `k` of a call invalid. `inject` returns the tensors it made, to dispose. */
export interface Fault {
  /** What the fault is, for test names. */
  readonly name: string;
  /** How many states per param the optimizer must have for this fault to apply (default 0). */
  readonly minStates?: number;
  /** Whether it needs `FaultContext.foreignTensor`. */
  readonly needsOtherBackend?: boolean;
  /** Corrupts entry `ctx.k` of `model`; returns the tensors it made, for the caller to dispose. */
  inject(model: FaultTarget, ctx: FaultContext): tf.Tensor[];
}

const dead = (make: () => tf.Tensor): tf.Tensor => {
  const t = make();
  t.dispose();
  return t;
};
const other = (shape: readonly number[]): number[] => (shape.length === 0 ? [2] : [...shape.slice(0, -1), shape[shape.length - 1]! + 1]);

/** The faults that apply to an optimizer with `stateCount` states per param (and a second tfjs backend or not). */
export function faultsFor(stateCount: number, otherBackend: boolean): Fault[] {
  return FAULTS.filter((f) => (f.minStates ?? 0) <= stateCount && (otherBackend || !f.needsOtherBackend));
}

/**
 * Every fault `optimize()` must reject before writing anything (see `docs/reliability.md`):
 * shapes, dtypes, disposed params, grads and states, a missing grad, param/grad size
 * mismatches, states of a foreign optimizer (wrong count or shape), a param that is not a
 * Variable or appears twice, and (where a second tfjs backend exists) a tensor that lives on
 * another tfjs backend.
 */
export const FAULTS: readonly Fault[] = [
  { name: 'grad of another size', inject: (m, { k, shape }) => [(m.grads[k] = tf.zeros(other(shape)))] },
  { name: 'grad of the same size, another shape', inject: (m, { k, shape }) => [(m.grads[k] = tf.zeros([sizeOf(shape), 1]))] },
  { name: 'grad of dtype int32', inject: (m, { k, shape }) => [(m.grads[k] = tf.zeros([...shape], 'int32'))] },
  { name: 'missing grad', inject: (m, { k }) => ((m.grads[k] = undefined), []) },
  { name: 'disposed grad', inject: (m, { k, shape }) => ((m.grads[k] = dead(() => tf.zeros([...shape]))), []) },
  { name: 'disposed param', inject: (m, { k, shape }) => ((m.params[k] = dead(() => tf.variable(tf.zeros([...shape])))), []) },
  { name: 'param that is not a Variable', inject: (m, { k, shape }) => [(m.params[k] = tf.zeros([...shape]))] },
  { name: 'param that appears twice', inject: (m, { k }) => ((m.params[k] = m.params[k === 0 ? 1 : 0]!), []) },
  {
    name: 'states of another optimizer (one too many)',
    minStates: 1,
    inject: (m, { k, shape }) => {
      const extra = tf.variable(tf.zeros([...shape]));
      m.states[k] = [...m.states[k]!, extra];
      return [extra];
    },
  },
  { name: 'states of another optimizer (one too few)', minStates: 2, inject: (m, { k }) => ((m.states[k] = m.states[k]!.slice(1)), []) },
  {
    name: 'state of the wrong shape',
    minStates: 1,
    inject: (m, { k, shape }) => {
      const wrong = tf.variable(tf.zeros(other(shape)));
      m.states[k] = [wrong, ...m.states[k]!.slice(1)];
      return [wrong];
    },
  },
  {
    name: 'state of dtype int32',
    minStates: 1,
    inject: (m, { k, shape }) => {
      const wrong = tf.variable(tf.zeros([...shape], 'int32'));
      m.states[k] = [...m.states[k]!.slice(0, -1), wrong];
      return [wrong];
    },
  },
  {
    name: 'disposed state',
    minStates: 1,
    inject: (m, { k, shape }) => ((m.states[k] = [dead(() => tf.variable(tf.zeros([...shape]))), ...m.states[k]!.slice(1)]), []),
  },
  {
    name: 'grad on another tfjs backend',
    needsOtherBackend: true,
    inject: (m, { k, shape, foreignTensor }) => [(m.grads[k] = foreignTensor!(shape))],
  },
];

/** Settings of {@link expectAtomicFault}. */
export interface AtomicFaultOptions {
  /** Makes the optimizer under test (a fresh one per case). */
  readonly make: () => Optimizer;
  /** The fault to inject (see {@link FAULTS}). */
  readonly fault: Fault;
  /** Index of the corrupted entry, in `[0, shapes.length)`. */
  readonly k: number;
  /** Param shapes; default five small ones. The first is in a plain layer, the rest nested. */
  readonly shapes?: readonly (readonly number[])[];
  /** Step once before the fault, so states exist and must stay bit-identical (default true). */
  readonly warm?: boolean;
  /** See {@link FaultContext.foreignTensor}. */
  readonly foreignTensor?: FaultContext['foreignTensor'];
  /** Host-side counters that must not change (e.g. `() => adam.t`). */
  readonly counters?: () => unknown;
}

async function bits(tensors: readonly tf.Tensor[]): Promise<Uint32Array[]> {
  return Promise.all(tensors.map(async (t) => new Uint32Array(Float32Array.from(await t.data()).buffer)));
}

/**
 * Corrupts entry `k` of an `optimize()` call over `shapes.length` params with `fault`, and
 * asserts the call throws a typed Descent error naming that param, and leaves every param
 * and every state of the call bit-identical (and the state lists as they were, and the
 * counters unchanged). Then repairs the fault and checks the same call now succeeds.
 */
export async function expectAtomicFault(options: AtomicFaultOptions): Promise<void> {
  const { make, fault, k, shapes = [[3], [2, 2], [5], [], [1, 3]], warm = true, counters = () => undefined } = options;
  const next = seeded(97 + k);
  const model = new TestModel(shapes, shapes.map((shape) => randomValues(next, sizeOf(shape), 1)));
  const target = model as unknown as FaultTarget;
  const optimizer = make();
  const made: tf.Tensor[] = [];
  try {
    model.setGrads(shapes.map((shape) => randomValues(next, sizeOf(shape), 1)));
    if (warm) optimizer.optimize(model.layers, 0);
    const params = [...target.params];
    const grads = [...target.grads];
    const stateLists = target.states.map((list) => [...list]);
    const before = await bits([...params, ...stateLists.flat()]);
    const countersBefore = counters();
    made.push(...fault.inject(target, { k, shape: shapes[k]!, foreignTensor: options.foreignTensor }));
    // The message must name the param of entry k as the faulty call has it; one without a name
    // (a plain tensor) is named by its position in the optimizer's call, `#i`.
    const name = (target.params[k] as Partial<tf.Variable>).name;
    let error: unknown;
    try {
      optimizer.optimize(model.layers, 1);
    } catch (e) {
      error = e;
    }
    expect(error, `${fault.name} at entry ${k}: optimize() did not throw`).toBeDefined();
    expect(isDescentError(error), `${fault.name} at entry ${k}: ${String(error)}`).toBe(true);
    const message = (error as Error).message;
    if (name === undefined) expect(message, `${fault.name} at entry ${k}: the message names the param`).toMatch(/param "#\d+"/);
    else expect(message, `${fault.name} at entry ${k}: the message names the param`).toContain(`"${name}"`);

    // Repair, then compare: nothing written, no state list changed, no counter moved.
    target.params.splice(0, params.length, ...params);
    target.grads.splice(0, grads.length, ...grads);
    stateLists.forEach((list, i) => (target.states[i] = list));
    expect(target.states.map((l) => l.length)).toEqual(stateLists.map((l) => l.length));
    expect(await bits([...params, ...stateLists.flat()]), `${fault.name} at entry ${k}: a tensor changed`).toEqual(before);
    expect(counters(), `${fault.name} at entry ${k}: a counter changed`).toEqual(countersBefore);
    optimizer.optimize(model.layers, 1);
    expect(await bits(params), 'the repaired call did not write').not.toEqual(before.slice(0, params.length));
  } finally {
    optimizer.dispose();
    for (const t of made) if (!t.isDisposed) t.dispose();
    model.dispose();
  }
}
