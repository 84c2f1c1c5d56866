/** Median, min and max of a non-empty list. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, count: sorted.length };
}

/**
 * Ratios `numerator / denominator` of samples taken in the same round (one pair per round in
 * which both took part). Two setups measured within the same round ran seconds apart, under
 * about the same load, so these per-round ratios are steadier than either time on a busy machine.
 */
export function pairedRatios(
  numerator: { msPerStep: readonly number[]; rounds: readonly number[] },
  denominator: { msPerStep: readonly number[]; rounds: readonly number[] },
): number[] {
  const byRound = new Map<number, number>();
  denominator.rounds.forEach((round, i) => byRound.set(round, denominator.msPerStep[i]!));
  const ratios: number[] = [];
  numerator.rounds.forEach((round, i) => {
    const d = byRound.get(round);
    if (d !== undefined) ratios.push(numerator.msPerStep[i]! / d);
  });
  return ratios;
}
