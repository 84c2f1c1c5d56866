import { CLOCKS, type Clock, type Samples } from './runner.js';
import type { SetupKind } from './setups.js';
import { pairedRatios, type Summary, summarize } from './stats.js';

/** One setup's times by one clock. */
export interface Timing {
  /** Milliseconds per step. */
  readonly ms: Summary;
  /** Median nanoseconds per element. */
  readonly nsPerElement: number;
  /** Bytes the update moves per step (bytesPerElement * n) / median time, in GB/s (1e9 bytes/s). */
  readonly gbPerSecond: number;
  /** Every sample (ms per step), in the order taken. */
  readonly samples: readonly number[];
}

/** The measurements of one setup for one algorithm, size and split. */
export interface Cell {
  readonly algorithm: string;
  readonly n: number;
  readonly tensors: number;
  readonly kind: SetupKind;
  readonly bytesPerElement: number;
  readonly stepsPerSample: number;
  readonly warmupSteps: number;
  /** The round each sample was taken in. */
  readonly rounds: readonly number[];
  readonly wall: Timing;
  readonly cpu: Timing;
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
  /**
   * Descent's time per byte / Descent Adam's time per byte, same N and split, from the
   * cross-algorithm rounds (every algorithm's Descent step interleaved in the same rounds).
   */
  readonly perByteVsAdam?: Ratio;
  /**
   * The reference loop's time per byte / its time per byte over Adam's traffic, same N and
   * split: what moving this algorithm's arrays costs per byte compared with Adam's, with no
   * arithmetic (more arrays can outgrow a cache that Adam's still fit). Ratio of medians only:
   * the two reference cells ran in different groups.
   */
  readonly referencePerByteVsAdam?: Ratio;
}

export function toCell(algorithm: string, n: number, bytesPerElement: number, s: Samples): Cell {
  const timing = (clock: Clock): Timing => {
    const ms = summarize(s.msPerStep[clock]);
    return {
      ms,
      nsPerElement: (ms.median * 1e6) / n,
      gbPerSecond: (bytesPerElement * n) / (ms.median * 1e6),
      samples: s.msPerStep[clock],
    };
  };
  return {
    algorithm,
    n,
    tensors: s.setup.tensors,
    kind: s.setup.kind,
    bytesPerElement,
    stepsPerSample: s.stepsPerSample,
    warmupSteps: s.warmupSteps,
    rounds: s.rounds,
    wall: timing('wall'),
    cpu: timing('cpu'),
  };
}

/** `numerator / denominator` of the two cells' times by `clock`, times `scale`. */
function ratio(numerator: Cell | undefined, denominator: Cell | undefined, clock: Clock, scale = 1): Ratio | undefined {
  if (numerator === undefined || denominator === undefined) return undefined;
  const f = scale;
  const paired = pairedRatios(
    { msPerStep: numerator[clock].samples, rounds: numerator.rounds },
    { msPerStep: denominator[clock].samples, rounds: denominator.rounds },
  ).map((r) => r * f);
  return {
    ofMedians: (numerator[clock].ms.median / denominator[clock].ms.median) * f,
    ...(paired.length > 0 ? { paired: summarize(paired) } : {}),
  };
}

/** The time-per-byte ratio of two Descent cells (`a`'s per byte over `b`'s per byte). */
function perByte(a: Cell | undefined, b: Cell | undefined, clock: Clock): Ratio | undefined {
  const r = ratio(a, b, clock);
  if (r === undefined || a === undefined || b === undefined) return undefined;
  const f = b.bytesPerElement / a.bytesPerElement;
  return {
    ofMedians: r.ofMedians * f,
    ...(r.paired ? { paired: { ...r.paired, median: r.paired.median * f, min: r.paired.min * f, max: r.paired.max * f } } : {}),
  };
}

/** Drops the paired range of a ratio of cells that were not timed in the same rounds. */
function mediansOnly(r: Ratio | undefined): Ratio | undefined {
  return r === undefined ? undefined : { ofMedians: r.ofMedians };
}

/**
 * Every comparison the report prints, by `clock`: from the main cells (each algorithm and size
 * in its own interleaved group) and the cross-algorithm cells (Descent only, every algorithm of
 * one size and split interleaved), which give the time per byte vs Adam.
 */
export function computeRatios(cells: readonly Cell[], crossCells: readonly Cell[], adamId: string, clock: Clock): Ratios[] {
  const find = (from: readonly Cell[], algorithm: string, n: number, tensors: number, kind: SetupKind) =>
    from.find((c) => c.algorithm === algorithm && c.n === n && c.tensors === tensors && c.kind === kind);
  const out: Ratios[] = [];
  for (const d of cells) {
    if (d.kind !== 'descent') continue;
    const { algorithm, n, tensors } = d;
    const entry: Ratios = {
      algorithm,
      n,
      tensors,
      vsTfWasm: ratio(find(cells, algorithm, n, tensors, 'tfjs-wasm'), d, clock),
      vsTfCpu: ratio(find(cells, algorithm, n, tensors, 'tfjs-cpu'), d, clock),
      percentOfReference: ratio(find(cells, algorithm, n, tensors, 'reference'), d, clock, 100),
      splitVsOne: tensors > 1 ? ratio(d, find(cells, algorithm, n, 1, 'descent'), clock) : undefined,
      referenceSplitVsOne:
        tensors > 1 ? ratio(find(cells, algorithm, n, tensors, 'reference'), find(cells, algorithm, n, 1, 'reference'), clock) : undefined,
      perByteVsAdam: perByte(find(crossCells, algorithm, n, tensors, 'descent'), find(crossCells, adamId, n, tensors, 'descent'), clock),
      referencePerByteVsAdam: mediansOnly(perByte(find(cells, algorithm, n, tensors, 'reference'), find(cells, adamId, n, tensors, 'reference'), clock)),
    };
    out.push(JSON.parse(JSON.stringify(entry)) as Ratios); // drops the undefined fields
  }
  return out;
}

export { CLOCKS };
