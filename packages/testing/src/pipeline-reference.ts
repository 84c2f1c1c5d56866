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

/** What a float64 reference of an algorithm with a learning rate inside neon's pipeline takes. */
export interface ReferenceSettings extends ClipOptions {
  /** The base learning rate. */
  readonly learningRate: number;
  /** The learning rate of `epoch`, written independently of core's schedules (default: constant). */
  readonly rate?: (learningRate: number, epoch: number) => number;
}

/**
 * What the pipeline did over a reference run, so that a test can prove that the feature it
 * covers was exercised (e.g. that norm clipping really scaled some step).
 */
export interface PipelineSeen {
  /** The smallest norm-clip scale `sf` of any call (1 if norm clipping never scaled). */
  minScale: number;
  /** Gradient elements whose value was clipped. */
  valueClipped: number;
  /** Parameter elements clipped after the update. */
  paramClipped: number;
}

const clip = (x: number, limit: number): number => Math.min(Math.max(x, -limit), limit);

/**
 * A float64 reference of an elementwise optimizer with neon's shared pipeline: batch division,
 * gradient value clipping and norm clipping (the norm of the raw gradients of the whole call,
 * divided by the batch size), and the param clip after `update`. `update` returns the new
 * parameter and writes the new states into `element.states`. Each call of this function makes
 * a fresh reference (its call count starts at 0), as the kit's `reference` option needs.
 * `seen`, if given, counts what the pipeline did.
 *
 * @example
 * ```ts
 * // SGD: p = p - lr * sf * g
 * const sgd = (options: { learningRate: number }) =>
 *   pipelineReference(options, ({ param, grad, clipScale }) => param - options.learningRate * clipScale * grad);
 * ```
 */
export function pipelineReference(
  clips: ClipOptions,
  update: (element: ReferenceElement, call: ReferenceCall) => number,
  seen?: PipelineSeen,
): ReferenceStep {
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
      if (seen) seen.minScale = Math.min(seen.minScale, clipScale);
    }
    grads.forEach((row, i) => {
      const params = model.params[i]!;
      const states = model.states[i]!;
      row.forEach((raw, j) => {
        const divided = raw / batchSize;
        if (seen && gcv && Math.abs(divided) > gcv) seen.valueClipped++;
        const grad = gcv ? clip(divided, gcv) : divided;
        const element = { param: params[j]!, grad, clipScale, states: states.map((s) => s[j]!) };
        const p = update(element, { epoch, call: calls });
        element.states.forEach((value, k) => (states[k]![j] = value));
        if (seen && pcv && Math.abs(p) > pcv) seen.paramClipped++;
        params[j] = pcv ? clip(p, pcv) : p;
      });
    });
  };
}
