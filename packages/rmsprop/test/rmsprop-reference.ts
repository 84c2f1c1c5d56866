import type { RMSPropOptions } from '@descent/rmsprop';
import { type PipelineSeen, pipelineReference, type ReferenceSettings, type ReferenceStep } from '@descent/testing';

/** neon's RMSProp in float64, shared by the trajectory tests and the conformance kit. */

/** The reference's settings: the learning rate, clips and schedule (`ReferenceSettings`), and: */
export interface Settings extends ReferenceSettings {
  readonly decayRate: number;
  readonly epsilon: number;
  /** Only for the negative control: neon's epsilon once instead of twice. */
  readonly singleEpsilon?: boolean;
}

/** What the reference saw, so a test can prove the feature it covers was exercised. */
export type Seen = PipelineSeen;

/** neon's RMSProp in float64, inside neon's pipeline (from NEON_SEMANTICS.md). */
export function reference(settings: Settings, seen?: Seen): ReferenceStep {
  const { decayRate: decay, epsilon: eps } = settings;
  return pipelineReference(
    settings,
    ({ param, grad: g, clipScale: sf, states }, { epoch }) => {
      const lr = settings.rate ? settings.rate(settings.learningRate, epoch) : settings.learningRate;
      const ms = decay * states[0]! + (1 - decay) * g * g;
      const denominator = settings.singleEpsilon ? Math.sqrt(ms + eps) : Math.sqrt(ms + eps) + eps;
      states[0] = ms;
      return param - (sf * g * lr) / denominator;
    },
    seen,
  );
}

export const NEON_DEFAULTS: Settings = { decayRate: 0.95, learningRate: 2e-3, epsilon: 1e-6 };

/**
 * The reference for options as `new RMSProp(options)` takes them, for the conformance kit:
 * neon's defaults filled in, a schedule read through its `getLearningRate`.
 */
export function referenceFor(options: RMSPropOptions): ReferenceStep {
  const { schedule, ...rest } = options;
  const rate = schedule ? (learningRate: number, epoch: number) => schedule.getLearningRate(learningRate, epoch) : undefined;
  return reference({ ...NEON_DEFAULTS, ...rest, rate } as Settings);
}
