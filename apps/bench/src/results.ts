import type { Samples } from './runner.js';
import type { SetupKind } from './setups.js';
import { pairedRatios, type Summary, summarize } from './stats.js';

/** The measurements of one setup for one algorithm, size and split. */
export interface Cell {
  readonly algorithm: string;
  readonly n: number;
  readonly tensors: number;
  readonly kind: SetupKind;
  readonly bytesPerElement: number;
  /** Milliseconds per step. */
  readonly ms: Summary;
  /** Median nanoseconds per element. */
  readonly nsPerElement: number;
  /** Bytes the update moves per step (bytesPerElement * n) / median time, in GB/s (1e9 bytes/s). */
  readonly gbPerSecond: number;
  readonly stepsPerSample: number;
  readonly warmupSteps: number;
  /** Every sample (ms per step) and the round it was taken in. */
  readonly samples: readonly number[];
  readonly rounds: readonly number[];
}

/** A ratio: of the medians, and the median and range of per-round paired ratios. */
export interface Ratio {
  readonly ofMedians: number;
  readonly paired?: Summary;
}

/** Comparisons for one algorithm, size and split; absent when a setup was not run. */
export interface Ratios {
  readonly algorithm: string;
  readonly n: number;
  readonly tensors: number;
  /** tf.train on tfjs-wasm's time / Descent's (speed-up, x). */
  readonly vsTfWasm?: Ratio;
  /** tf.train on tfjs-cpu's time / Descent's (speed-up, x). */
  readonly vsTfCpu?: Ratio;
  /** Descent's bytes/s as a percentage of the reference's (= reference time / Descent time * 100). */
  readonly percentOfReference?: Ratio;
  /** Descent's time over this many tensors / over 1 tensor of the same N (only for tensors > 1). */
  readonly splitVsOne?: Ratio;
  /** The same for the reference loop (how much of the split's cost is memory layout, not per-call overhead). */
  readonly referenceSplitVsOne?: Ratio;
  /** Descent's time per byte / Descent Adam's time per byte, same N and split (1 for Adam). */
  readonly perByteVsAdam?: number;
}

export function toCell(algorithm: string, n: number, bytesPerElement: number, s: Samples): Cell {
  const ms = summarize(s.msPerStep);
  return {
    algorithm,
    n,
    tensors: s.setup.tensors,
    kind: s.setup.kind,
    bytesPerElement,
    ms,
    nsPerElement: (ms.median * 1e6) / n,
    gbPerSecond: (bytesPerElement * n) / (ms.median * 1e6),
    stepsPerSample: s.stepsPerSample,
    warmupSteps: s.warmupSteps,
    samples: s.msPerStep,
    rounds: s.rounds,
  };
}

function ratio(numerator: Cell | undefined, denominator: Cell | undefined, scale = 1): Ratio | undefined {
  if (numerator === undefined || denominator === undefined) return undefined;
  const paired = pairedRatios(
    { msPerStep: numerator.samples, rounds: numerator.rounds },
    { msPerStep: denominator.samples, rounds: denominator.rounds },
  ).map((r) => r * scale);
  return {
    ofMedians: (numerator.ms.median / denominator.ms.median) * scale,
    ...(paired.length > 0 ? { paired: summarize(paired) } : {}),
  };
}

/** Every comparison the report prints, from the cells of a run. */
export function computeRatios(cells: readonly Cell[], adamId: string): Ratios[] {
  const find = (algorithm: string, n: number, tensors: number, kind: SetupKind) =>
    cells.find((c) => c.algorithm === algorithm && c.n === n && c.tensors === tensors && c.kind === kind);
  const out: Ratios[] = [];
  for (const d of cells) {
    if (d.kind !== 'descent') continue;
    const { algorithm, n, tensors } = d;
    const adam = find(adamId, n, tensors, 'descent');
    const one = tensors > 1 ? find(algorithm, n, 1, 'descent') : undefined;
    const referenceOne = tensors > 1 ? find(algorithm, n, 1, 'reference') : undefined;
    const entry: Ratios = {
      algorithm,
      n,
      tensors,
      vsTfWasm: ratio(find(algorithm, n, tensors, 'tfjs-wasm'), d),
      vsTfCpu: ratio(find(algorithm, n, tensors, 'tfjs-cpu'), d),
      percentOfReference: ratio(find(algorithm, n, tensors, 'reference'), d, 100),
      splitVsOne: ratio(d, one),
      referenceSplitVsOne: ratio(find(algorithm, n, tensors, 'reference'), referenceOne),
      perByteVsAdam:
        adam === undefined ? undefined : d.ms.median / d.bytesPerElement / (adam.ms.median / adam.bytesPerElement),
    };
    out.push(JSON.parse(JSON.stringify(entry)) as Ratios); // drops the undefined fields
  }
  return out;
}
