import type { AdamOptions } from '@descent/adam';
import type { ReferenceStep } from '@descent/testing';

/** neon's Adam in float64, shared by the trajectory tests and the conformance kit. */

export interface Settings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly gradientClipNorm?: number;
  readonly gradientClipValue?: number;
  readonly paramClipValue?: number;
  /** The learning rate of `epoch`, written independently of core's schedules. */
  readonly rate?: (learningRate: number, epoch: number) => number;
  /** Only for negative controls: the step count used for call number `call` (1-based). */
  readonly stepCount?: (call: number, epoch: number) => number;
}

/** What the reference saw, so a test can prove the feature it covers was exercised. */
export interface Seen {
  minScale: number;
  valueClipped: number;
  paramClipped: number;
}

const clip = (x: number, limit: number): number => Math.min(Math.max(x, -limit), limit);

/**
 * neon's Adam in float64, pipeline included, from NEON_SEMANTICS.md. Each reference counts
 * its own calls: `t` is the number of optimize() calls so far, this one included.
 */
export function reference(settings: Settings, seen: Seen = { minScale: 1, valueClipped: 0, paramClipped: 0 }): ReferenceStep {
  const { beta1: b1, beta2: b2, epsilon: eps, gradientClipNorm: gcn, gradientClipValue: gcv, paramClipValue: pcv } = settings;
  let calls = 0;
  return (model, grads, epoch, bsz) => {
    calls += 1;
    const t = settings.stepCount ? settings.stepCount(calls, epoch) : calls;
    const lr = settings.rate ? settings.rate(settings.learningRate, epoch) : settings.learningRate;
    const l = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
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
        const m = b1 * model.states[i]![0]![j]! + (1 - b1) * g;
        const v = b2 * model.states[i]![1]![j]! + (1 - b2) * g * g;
        let p = model.params[i]![j]! - (sf * l * m) / (Math.sqrt(v) + eps);
        if (pcv && Math.abs(p) > Math.abs(pcv)) seen.paramClipped++;
        if (pcv) p = clip(p, Math.abs(pcv));
        model.states[i]![0]![j] = m;
        model.states[i]![1]![j] = v;
        model.params[i]![j] = p;
      }),
    );
  };
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
