import type { AdamOptions } from '@descent/adam';
import { type PipelineSeen, pipelineReference, type ReferenceSettings, type ReferenceStep } from '@descent/testing';

/** neon's Adam in float64, shared by the trajectory tests and the conformance kit. */

/** The reference's settings: the learning rate, clips and schedule (`ReferenceSettings`), and: */
export interface Settings extends ReferenceSettings {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Only for negative controls: the step count used for call number `call` (1-based). */
  readonly stepCount?: (call: number, epoch: number) => number;
}

/** What the reference saw, so a test can prove the feature it covers was exercised. */
export type Seen = PipelineSeen;

/**
 * neon's Adam in float64, inside neon's pipeline (from NEON_SEMANTICS.md). Each reference
 * counts its own calls: `t` is the number of optimize() calls so far, this one included.
 */
export function reference(settings: Settings, seen?: Seen): ReferenceStep {
  const { beta1: b1, beta2: b2, epsilon: eps } = settings;
  return pipelineReference(
    settings,
    ({ param, grad: g, clipScale: sf, states }, { epoch, call }) => {
      const t = settings.stepCount ? settings.stepCount(call, epoch) : call;
      const lr = settings.rate ? settings.rate(settings.learningRate, epoch) : settings.learningRate;
      const l = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      const m = b1 * states[0]! + (1 - b1) * g;
      const v = b2 * states[1]! + (1 - b2) * g * g;
      states[0] = m;
      states[1] = v;
      return param - (sf * l * m) / (Math.sqrt(v) + eps);
    },
    seen,
  );
}

export const NEON_DEFAULTS: Settings = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * The reference for options as `new Adam(options)` takes them, for the conformance kit:
 * neon's defaults filled in, a schedule read through its `getLearningRate`.
 */
export function referenceFor(options: AdamOptions): ReferenceStep {
  const { schedule, ...rest } = options;
  const rate = schedule ? (learningRate: number, epoch: number) => schedule.getLearningRate(learningRate, epoch) : undefined;
  return reference({ ...NEON_DEFAULTS, ...rest, rate } as Settings);
}
