import { type Backend, evaluateProgramOps, type UpdateProgram } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../seeded.js';
import { expectFloatsBitwise } from './float-checks.js';

/** Input values of one binding: one array per program tensor slot, all of one shape. */
export interface BindingData {
  /** The shape of every tensor of the binding. */
  readonly shape: readonly number[];
  /** One array per tensor slot of the program, in `program.tensors` order. */
  readonly values: readonly Float32Array[];
}

/**
 * The reference a backend is compared with: core's evaluator (`evaluateProgramOps`) on
 * tfjs-backend-cpu, which computes each float32 op in double and rounds once, sums in double,
 * and has Math.max/min NaN semantics. Every element is read before any is written (a program's
 * semantics), and uniform (0-d) results are broadcast to the binding's shape, which is what a
 * backend writes. Returns, per binding, every slot's new values (unwritten slots unchanged).
 * Needs `@tensorflow/tfjs-backend-cpu` registered; restores the active tfjs backend.
 */
export async function evaluatorReference(program: UpdateProgram, data: readonly BindingData[], scalars: Float32Array): Promise<Float32Array[][]> {
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  (tf.backend() as unknown as { firstUse: boolean }).firstUse = false; // its "install tfjs-node" notice
  try {
    return tf.tidy(() => {
      const bindings = data.map((d) => d.values.map((v) => tf.tensor(v, [...d.shape], 'float32')));
      const results = evaluateProgramOps(program, bindings, scalars);
      return data.map((d, b) => {
        const slots: Float32Array[] = d.values.map((v) => Float32Array.from(v));
        program.outputs.forEach((output, o) => {
          // An empty binding writes nothing (tfjs' broadcastTo would make a 0-d value [1]).
          slots[output.slot] = sizeOf(d.shape) === 0 ? new Float32Array(0) : (tf.broadcastTo(results[b]![o]!, [...d.shape]).dataSync() as Float32Array);
        });
        return slots;
      });
    });
  } finally {
    await tf.setBackend(previous);
  }
}

/**
 * Runs `program` once on `backend` over fresh tensors holding `data`, made on the active tfjs
 * backend (written slots as Variables, read-only ones as plain tensors); returns every slot's
 * values afterwards, read synchronously, and frees the tensors.
 */
export function runBackendOnce(backend: Backend, program: UpdateProgram, data: readonly BindingData[], scalars: Float32Array): Float32Array[][] {
  const written = new Set(program.outputs.map((o) => o.slot));
  const bindings = data.map((d) =>
    d.values.map((v, k) => {
      const tensor = tf.tensor(v, [...d.shape], 'float32');
      if (!written.has(k)) return tensor;
      const variable = tf.variable(tensor);
      tensor.dispose();
      return variable;
    }),
  );
  try {
    backend.runUpdate({ program, bindings, scalars });
    return bindings.map((tensors) => tensors.map((t) => t.dataSync() as Float32Array));
  } finally {
    tf.dispose(bindings.flat());
  }
}

/**
 * Runs `program` over `data` with the evaluator reference and then once on `backend` (see
 * {@link runBackendOnce}), and expects every slot of every binding to agree bit for bit (the
 * message names the binding and the slot). Returns the backend's values.
 */
export async function expectBitwiseAgreement(
  backend: Backend,
  program: UpdateProgram,
  data: readonly BindingData[],
  scalars: Float32Array,
): Promise<Float32Array[][]> {
  const expected = await evaluatorReference(program, data, scalars);
  const actual = runBackendOnce(backend, program, data, scalars);
  expected.forEach((slots, b) => slots.forEach((e, k) => expectFloatsBitwise(actual[b]![k]!, e, `binding ${b} slot ${program.tensors[k]}`)));
  return actual;
}
