import type { Ratios } from './results.js';

/** One target of issue 4, checked on one measured case. */
export interface TargetCheck {
  readonly target: string;
  readonly subject: string;
  readonly value: number;
  readonly limit: string;
  readonly pass: boolean;
}

const ADAM_N = 1e7;

/**
 * Issue 4's targets, checked on the medians of this run:
 * - Adam at N = 1e7 (each split measured): >= 6x tf.train.adam on tfjs-wasm, >= 150x on
 *   tfjs-cpu, >= 80% of the memory-bound reference's bytes/s;
 * - every algorithm, every N: 100 tensors of N/100 within 15% of one tensor of N;
 * - every algorithm other than Adam, every N and split: time per byte moved within 1.3x of Adam's.
 * A target whose setups were not run (e.g. --no-cpu, or 1e7 not in --sizes) is not listed.
 * `ratios` are those of one clock (see runner.ts); the report checks both.
 */
export function checkTargets(ratios: readonly Ratios[], names: ReadonlyMap<string, string>, adamId: string): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const name = (id: string) => names.get(id) ?? id;
  const split = (t: number) => (t === 1 ? '1 tensor' : `${t} tensors`);
  const size = (n: number) => n.toExponential(0).replace('e+', 'e');
  for (const r of ratios.filter((x) => x.algorithm === adamId && x.n === ADAM_N)) {
    const subject = `Adam, N=${size(r.n)}, ${split(r.tensors)}`;
    if (r.vsTfWasm) {
      const v = r.vsTfWasm.ofMedians;
      checks.push({ target: 'Adam vs tf.train.adam on tfjs-wasm', subject, value: v, limit: '>= 6x', pass: v >= 6 });
    }
    if (r.vsTfCpu) {
      const v = r.vsTfCpu.ofMedians;
      checks.push({ target: 'Adam vs tf.train.adam on tfjs-cpu', subject, value: v, limit: '>= 150x', pass: v >= 150 });
    }
    if (r.percentOfReference) {
      const v = r.percentOfReference.ofMedians;
      checks.push({ target: "Adam's bytes/s vs the reference's", subject, value: v, limit: '>= 80%', pass: v >= 80 });
    }
  }
  for (const r of ratios) {
    if (r.splitVsOne === undefined) continue;
    const v = r.splitVsOne.ofMedians;
    checks.push({
      target: `${r.tensors} tensors vs 1 tensor`,
      subject: `${name(r.algorithm)}, N=${size(r.n)}`,
      value: v,
      limit: 'within 15% (0.85-1.15x)',
      pass: Math.abs(v - 1) <= 0.15,
    });
  }
  for (const r of ratios) {
    if (r.algorithm === adamId || r.perByteVsAdam === undefined) continue;
    const v = r.perByteVsAdam.ofMedians;
    checks.push({
      target: "time per byte vs Adam's",
      subject: `${name(r.algorithm)}, N=${size(r.n)}, ${split(r.tensors)}`,
      value: v,
      limit: '<= 1.3x',
      pass: v <= 1.3,
    });
  }
  return checks;
}
