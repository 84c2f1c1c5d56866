import type { AdagradOptions } from '@descent/adagrad';
import { type PipelineSeen, pipelineReference, type ReferenceSettings, type ReferenceStep } from '@descent/testing';

/** neon's Adagrad in float64, shared by the trajectory tests and the conformance kit. */

/** The reference's settings: the learning rate, clips and schedule (`ReferenceSettings`), and: */
export interface Settings extends ReferenceSettings {
  readonly epsilon: number;
  /** Only for the negative control: epsilon outside the square root instead of inside. */
  readonly epsilonOutside?: boolean;
}

/** What the reference saw, so a test can prove the feature it covers was exercised. */
export type Seen = PipelineSeen;

/** neon's Adagrad in float64, inside neon's pipeline (from NEON_SEMANTICS.md). */
export function reference(settings: Settings, seen?: Seen): ReferenceStep {
  const { epsilon: eps } = settings;
  return pipelineReference(
    settings,
    ({ param, grad: g, clipScale: sf, states }, { epoch }) => {
      const lr = settings.rate ? settings.rate(settings.learningRate, epoch) : settings.learningRate;
      const sum = states[0]! + g * g;
      const denominator = settings.epsilonOutside ? Math.sqrt(sum) + eps : Math.sqrt(sum + eps);
      states[0] = sum;
      return param - (sf * g * lr) / denominator;
    },
    seen,
  );
}

export const NEON_DEFAULTS: Settings = { learningRate: 0.01, epsilon: 1e-6 };

/**
 * The reference for options as `new Adagrad(options)` takes them, for the conformance kit:
 * neon's defaults filled in, a schedule read through its `getLearningRate`.
 */
export function referenceFor(options: AdagradOptions): ReferenceStep {
  const { schedule, ...rest } = options;
  const rate = schedule ? (learningRate: number, epoch: number) => schedule.getLearningRate(learningRate, epoch) : undefined;
  return reference({ ...NEON_DEFAULTS, ...rest, rate } as Settings);
}
