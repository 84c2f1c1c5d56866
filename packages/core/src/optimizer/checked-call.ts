import type { Tensor } from '@tensorflow/tfjs-core';
import type { ParamEntry } from '../layer.js';

type Bindings = Tensor[][];

/**
 * The tensors of the last call that passed validation and ran, so that a step over the same
 * params and states — every step of a training loop — re-checks only what can change between
 * steps: whether a tensor was disposed, and the grads, which are usually new tensors each step.
 * A tensor's shape, dtype and Variable-ness never change, so those checks carry over.
 *
 * The key is the tensors themselves, in order, compared one by one at every call: never the
 * identity of the layer list, of the `states` arrays or of the entries, which callers may
 * reuse while changing what they hold. Anything else than a match runs the full validation.
 *
 * It also keeps that call's bindings (`[param, grad, ...states]` per entry), so a matching
 * call hands the backend the same arrays with this step's grads instead of allocating them.
 */
export class CheckedCall {
  #bindings: Bindings = [];

  /**
   * The recorded bindings with the grads of `entries` put in, when `entries` are the recorded
   * call's params and states, in order, all live, each with a live float32 grad of its param's
   * shape; undefined otherwise (not an error: validate in full). Checks and puts in the grads in
   * one pass: a grad is put in only once it passed its check, so a grad found in the bindings
   * later was checked already, even after a call that did not match halfway.
   */
  bind(entries: readonly ParamEntry[]): Bindings | undefined {
    const bindings = this.#bindings;
    const n = entries.length;
    if (n === 0 || n !== bindings.length) return undefined;
    for (let i = 0; i < n; i++) {
      const entry = entries[i];
      const binding = bindings[i]!;
      if (typeof entry !== 'object' || entry === null) return undefined;
      const param = entry.param;
      if (param !== binding[0] || param.isDisposed) return undefined;
      const states = entry.states;
      if (!Array.isArray(states) || states.length !== binding.length - 2) return undefined;
      for (let k = 0; k < states.length; k++) {
        const state = states[k];
        if (state !== binding[k + 2] || state!.isDisposed) return undefined;
      }
      const grad = entry.grad as Tensor | undefined;
      if (grad !== binding[1] && !isGradOf(grad, param.shape)) return undefined;
      if (grad!.isDisposed) return undefined;
      binding[1] = grad!;
    }
    return bindings;
  }

  /** Records the bindings of a call that passed the full validation and ran. */
  record(bindings: Bindings): void {
    this.#bindings = bindings;
  }

  /** Forgets the recorded call (its states were freed or replaced). */
  clear(): void {
    this.#bindings = [];
  }
}

/** A live float32 tensor of exactly `shape` (compared without allocating). */
function isGradOf(grad: unknown, shape: readonly number[]): boolean {
  if (typeof grad !== 'object' || grad === null) return false;
  const t = grad as { isDisposed?: unknown; dtype?: unknown; shape?: unknown };
  if (t.isDisposed !== false || t.dtype !== 'float32' || !Array.isArray(t.shape)) return false;
  const s = t.shape as unknown[];
  if (s.length !== shape.length) return false;
  for (let d = 0; d < s.length; d++) if (s[d] !== shape[d]) return false;
  return true;
}
