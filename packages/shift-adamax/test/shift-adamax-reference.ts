import type { ShiftAdaMaxOptions } from '@descent/shift-adamax';
import type { ReferenceStep } from '@descent/testing';

/** neon's ShiftAdaMax in float64, shared by the trajectory tests and the conformance kit. */

export interface Settings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** The learning rate of `epoch`, written independently of core's schedules. */
  readonly rate?: (learningRate: number, epoch: number) => number;
  /** Only for the negative control: the bias-correction step count of call `call` (1-based). */
  readonly stepCount?: (call: number, epoch: number) => number;
}

const f32 = Math.fround;

/** Round to nearest, ties to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** neon's AP2 from NEON_SEMANTICS.md: `sign(x) * 2^round(log2(max(|x|, e^-50)))`. */
function ap2(x: number): number {
  return Math.sign(x) * 2 ** roundHalfEven(Math.log2(Math.max(Math.abs(x), Math.exp(-50))));
}

/**
 * neon's ShiftAdaMax from NEON_SEMANTICS.md, float64 except for the inputs of AP2. AP2 is a
 * step function: a float64 `inv` or `l` a few ulps from a float32 one can sit on the other
 * side of a rounding boundary and double a step. So `u`, `inv` and `l` are rounded to
 * float32 exactly where float32 arithmetic rounds them (each op is one IEEE rounding); `m`
 * and `p`, which are continuous, stay float64 and are compared with the usual tolerance.
 */
export function reference(settings: Settings, seen = { paramClipped: 0 }): ReferenceStep {
  const { beta1: b1, beta2: b2, epsilon: eps } = settings;
  let calls = 0;
  return (model, grads, epoch, bsz) => {
    calls += 1;
    const t = settings.stepCount ? settings.stepCount(calls, epoch) : epoch + 1;
    const lr = settings.rate ? settings.rate(settings.learningRate, epoch) : settings.learningRate;
    const l = f32(lr / (1 - b1 ** t));
    grads.forEach((row, i) =>
      row.forEach((raw, j) => {
        const [m, u, inv] = model.states[i]! as [number[], number[], number[]];
        const g = f32(raw / bsz);
        m[j] = b1 * m[j]! + (1 - b1) * g;
        u[j] = Math.max(f32(f32(b2) * u[j]!), Math.abs(g));
        inv[j] = f32(1 / f32(u[j]! + f32(eps)));
        const p = model.params[i]![j]! - m[j]! * ap2(inv[j]!) * ap2(l);
        if (Math.abs(p) > 1) seen.paramClipped++;
        model.params[i]![j] = Math.min(Math.max(p, -1), 1);
      }),
    );
  };
}

export const NEON_DEFAULTS: Settings = { learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * The reference for options as `new ShiftAdaMax(options)` takes them, for the conformance kit:
 * neon's defaults filled in, a schedule read through its `getLearningRate`.
 */
export function referenceFor(options: ShiftAdaMaxOptions): ReferenceStep {
  const { schedule, ...rest } = options;
  const rate = schedule ? (learningRate: number, epoch: number) => schedule.getLearningRate(learningRate, epoch) : undefined;
  return reference({ ...NEON_DEFAULTS, ...rest, rate } as Settings);
}
