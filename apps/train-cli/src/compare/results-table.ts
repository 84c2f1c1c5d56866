import { formatLoss, formatPercent, formatRate } from '../progress/format.js';
import type { TrainResult } from '../train/train.js';

/** The comparison as a markdown table: final loss, accuracies, training time and throughput per optimizer. */
export function resultsTable(results: readonly TrainResult[]): string {
  const header = ['optimizer', 'final loss', 'train acc', 'test acc', 'time (s)', 'samples/s'];
  const rows = results.map((result) => [
    result.config.optimizer,
    formatLoss(result.records.at(-1)?.loss ?? Number.NaN),
    formatPercent(result.trainAccuracy),
    formatPercent(result.testAccuracy),
    result.seconds.toFixed(2),
    formatRate(result.samplesPerSecond),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
