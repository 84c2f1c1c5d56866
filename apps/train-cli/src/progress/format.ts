import type { EpochRecord } from '../train/train.js';

/** A samples-per-second figure with thousands separators, e.g. `41,200`. */
export function formatRate(samplesPerSecond: number): string {
  return Math.round(samplesPerSecond).toLocaleString('en-US');
}

/** A loss with four decimals (or `NaN`/`Infinity` when training diverged). */
export function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toFixed(4) : String(loss);
}

/** A fraction as a percentage with one decimal, e.g. `97.3%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** The figures shown after the bar: `loss 0.1234 | test acc 97.3% | 41,200 samples/s`. */
export function formatFigures(record: EpochRecord): string {
  return `loss ${formatLoss(record.loss)} | test acc ${formatPercent(record.testAccuracy)} | ${formatRate(record.samplesPerSecond)} samples/s`;
}

/** A text bar of `width` cells, `done` of `total` filled: `█████░░░░░`. */
export function textBar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
