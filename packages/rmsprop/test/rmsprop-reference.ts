import type { RMSPropOptions } from '@descent/rmsprop';
import type { ReferenceStep } from '@descent/testing';

/** neon's RMSProp in float64, shared by the trajectory tests and the conformance kit. */

export interface Settings {
  readonly decayRate: number;
  readonly learningRate: number;
  readonly epsilon: number;
  readonly gradientClipNorm?: number;
  readonly gradientClipValue?: number;
  readonly paramClipValue?: number;
  /** The learning rate of `epoch`, written independently of core's schedules. */
  readonly rate?: (learningRate: number, epoch: number) => number;
  /** Only for the negative control: neon's epsilon once instead of twice. */
  readonly singleEpsilon?: boolean;
}

/** What the reference saw, so a test can prove the feature it covers was exercised. */
export interface Seen {
  minScale: number;
  valueClipped: number;
  paramClipped: number;
}

const clip = (x: number, limit: number): number => Math.min(Math.max(x, -limit), limit);

/** neon's RMSProp in float64, pipeline included, from NEON_SEMANTICS.md. */
export function reference(settings: Settings, seen: Seen = { minScale: 1, valueClipped: 0, paramClipped: 0 }): ReferenceStep {
  const { decayRate: decay, epsilon: eps, gradientClipNorm: gcn, gradientClipValue: gcv, paramClipValue: pcv } = settings;
  return (model, grads, epoch, bsz) => {
    const lr = settings.rate ? settings.rate(settings.learningRate, epoch) : settings.learningRate;
    let sf = 1;
    if (gcn) {
      const norm = Math.sqrt(grads.flat().reduce((sum, x) => sum + x * x, 0)) / bsz;
      sf = gcn / Math.max(norm, gcn);
      seen.minScale = Math.min(seen.minScale, sf);
    }
    grads.forEach((row, i) =>
      row.forEach((raw, j) => {
        let g = raw / bsz;
        if (gcv && Math.abs(g) > Math.abs(gcv)) seen.valueClipped++;
        if (gcv) g = clip(g, Math.abs(gcv));
        const ms = decay * model.states[i]![0]![j]! + (1 - decay) * g * g;
        const denominator = settings.singleEpsilon ? Math.sqrt(ms + eps) : Math.sqrt(ms + eps) + eps;
        let p = model.params[i]![j]! - (sf * g * lr) / denominator;
        if (pcv && Math.abs(p) > Math.abs(pcv)) seen.paramClipped++;
        if (pcv) p = clip(p, Math.abs(pcv));
        model.states[i]![0]![j] = ms;
        model.params[i]![j] = p;
      }),
    );
  };
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
