import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { InvalidTensorError } from '../errors.js';
import type { ParamEntry } from '../layer.js';

type Checked = { readonly isDisposed?: boolean; readonly dtype?: string; readonly shape?: readonly number[] };

function isVariable(value: unknown): value is Variable {
  return typeof value === 'object' && value !== null && typeof (value as Variable).assign === 'function';
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkTensor(label: string, tensor: unknown, shape: readonly number[] | undefined, writable: boolean): void {
  if (typeof tensor !== 'object' || tensor === null || !Array.isArray((tensor as Checked).shape)) {
    throw new InvalidTensorError(label, `${label} is missing or is not a tensor`);
  }
  const t = tensor as Checked;
  if (writable && !isVariable(tensor)) throw new InvalidTensorError(label, `${label} must be a tf.Variable`);
  if (t.isDisposed) throw new InvalidTensorError(label, `${label} is disposed`);
  if (t.dtype !== 'float32') throw new InvalidTensorError(label, `${label} has dtype ${t.dtype}; only float32 is supported`);
  if (shape && !sameShape(t.shape!, shape)) {
    throw new InvalidTensorError(label, `${label} has shape [${t.shape!.join(',')}], expected [${shape.join(',')}]`);
  }
}

/**
 * Checks every tensor of an `optimize()` call before anything is written, so that a failing
 * call changes nothing: params are live float32 Variables, each appears once, grads are live
 * float32 tensors of the param's shape, and states are either absent (created lazily) or
 * exactly `stateCount` live float32 Variables of that shape. `checkGrads: false` skips the
 * grads (restoring state does not read them). A failure is an `InvalidTensorError` naming the
 * tensor (`owner` names the optimizer in the message). `ElementwiseOptimizer` calls it; an
 * optimizer written on the imperative route calls it before its first write to be atomic the
 * same way.
 */
export function validateEntries(owner: string, entries: readonly ParamEntry[], stateCount: number, checkGrads = true): void {
  const written = new Set<unknown>();
  entries.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null) {
      throw new InvalidTensorError(`entry ${i}`, `${owner}: param entry ${i} is not an object`);
    }
    const name = (entry.param as { name?: string } | undefined)?.name ?? `#${i}`;
    const paramLabel = `param "${name}"`;
    checkTensor(paramLabel, entry.param, undefined, true);
    const shape = entry.param.shape;
    if (checkGrads) checkTensor(`grad of param "${name}"`, entry.grad as Tensor, shape, false);
    if (!Array.isArray(entry.states)) {
      throw new InvalidTensorError(`states of param "${name}"`, `states of param "${name}" must be an array`);
    }
    if (entry.states.length !== 0 && entry.states.length !== stateCount) {
      throw new InvalidTensorError(
        `states of param "${name}"`,
        `${owner}: param "${name}" has ${entry.states.length} states, expected ${stateCount} (or none): ` +
          'were they created by another optimizer?',
      );
    }
    entry.states.forEach((state, k) => checkTensor(`state ${k} of param "${name}"`, state, shape, true));
    for (const tensor of [entry.param, ...entry.states]) {
      if (written.has(tensor)) {
        throw new InvalidTensorError(paramLabel, `${owner}: param "${name}" or one of its states appears twice in one call`);
      }
      written.add(tensor);
    }
  });
}
