import type { AdadeltaOptions } from '@descent/adadelta';
import type { ReferenceStep } from '@descent/testing';

/** neon's Adadelta in float64, shared by the trajectory tests and the conformance kit. */

export interface Settings {
  readonly decay: number;
  readonly epsilon: number;
  readonly paramClipValue?: number;
  /** Only for the negative control: tfjs's bug, the step from the OLD E[g^2]. */
  readonly staleAccumulator?: boolean;
}

const clip = (x: number, limit: number): number => Math.min(Math.max(x, -limit), limit);

/**
 * neon's Adadelta in float64, from NEON_SEMANTICS.md: batch division and the param clip are
 * its whole pipeline (no learning rate, no gradient clipping). States [E[g^2], E[dx^2], dx].
 */
export function reference(settings: Settings, seen = { paramClipped: 0 }): ReferenceStep {
  const { decay, epsilon: eps, paramClipValue: pcv } = settings;
  return (model, grads, _epoch, bsz) => {
    grads.forEach((row, i) =>
      row.forEach((raw, j) => {
        const [s0, s1] = model.states[i]! as [number[], number[], number[]];
        const g = raw / bsz;
        const previous = s0[j]!;
        const updated = decay * previous + (1 - decay) * g * g;
        const dx = Math.sqrt((s1[j]! + eps) / ((settings.staleAccumulator ? previous : updated) + eps)) * g;
        s0[j] = updated;
        s1[j] = decay * s1[j]! + (1 - decay) * dx * dx;
        model.states[i]![2]![j] = dx;
        let p = model.params[i]![j]! - dx;
        if (pcv && Math.abs(p) > Math.abs(pcv)) seen.paramClipped++;
        if (pcv) p = clip(p, Math.abs(pcv));
        model.params[i]![j] = p;
      }),
    );
  };
}

/** The reference for options as `new Adadelta(options)` takes them (neon's defaults filled in), for the conformance kit. */
export function referenceFor(options: AdadeltaOptions): ReferenceStep {
  return reference({ decay: 0.95, epsilon: 1e-6, ...options } as Settings);
}
