import type { ClipOptions } from '@descent/core';
import type { ReferenceStep } from './trajectory.js';

/** One element as the update of a float64 reference sees it, after neon's shared pipeline. */
export interface ReferenceElement {
  /** The parameter before the update. */
  readonly param: number;
  /** The gradient divided by the batch size and value-clipped (when clipping is on). */
  readonly grad: number;
  /** neon's norm-clip scale factor `sf`: 1 without norm clipping. */
  readonly clipScale: number;
  /** This element's states in order: read them, and write their new values in place. */
  readonly states: number[];
}

/** The call a reference step models. */
export interface ReferenceCall {
  /** The epoch `optimize()` was called with. */
  readonly epoch: number;
  /** Calls so far, this one included (1 on the first call): a step count such as Adam's `t`. */
  readonly call: number;
}

const clip = (x: number, limit: number): number => Math.min(Math.max(x, -limit), limit);

/**
 * A float64 reference of an elementwise optimizer with neon's shared pipeline: batch division,
 * gradient value clipping and norm clipping (the norm of the raw gradients of the whole call,
 * divided by the batch size), and the param clip after `update`. `update` returns the new
 * parameter and writes the new states into `element.states`. Each call of this function makes
 * a fresh reference (its call count starts at 0), as the kit's `reference` option needs.
 *
 * @example
 * ```ts
 * // SGD: p = p - lr * sf * g
 * const sgd = (options: { learningRate: number }) =>
 *   pipelineReference(options, ({ param, grad, clipScale }) => param - options.learningRate * clipScale * grad);
 * ```
 */
export function pipelineReference(clips: ClipOptions, update: (element: ReferenceElement, call: ReferenceCall) => number): ReferenceStep {
  const gcn = clips.gradientClipNorm ? Math.abs(clips.gradientClipNorm) : 0;
  const gcv = clips.gradientClipValue ? Math.abs(clips.gradientClipValue) : 0;
  const pcv = clips.paramClipValue ? Math.abs(clips.paramClipValue) : 0;
  let calls = 0;
  return (model, grads, epoch, batchSize) => {
    calls += 1;
    let clipScale = 1;
    if (gcn) {
      const norm = Math.sqrt(grads.reduce((sum, row) => row.reduce((s, g) => s + g * g, sum), 0)) / batchSize;
      clipScale = gcn / Math.max(norm, gcn);
    }
    grads.forEach((row, i) => {
      const params = model.params[i]!;
      const states = model.states[i]!;
      row.forEach((raw, j) => {
        const grad = gcv ? clip(raw / batchSize, gcv) : raw / batchSize;
        const element = { param: params[j]!, grad, clipScale, states: states.map((s) => s[j]!) };
        const p = update(element, { epoch, call: calls });
        element.states.forEach((value, k) => (states[k]![j] = value));
        params[j] = pcv ? clip(p, pcv) : p;
      });
    });
  };
}
