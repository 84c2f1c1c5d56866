import type { EpochRecord, RunInfo } from '../train/train.js';
import { formatFigures, textBar } from './format.js';
import type { OutputStream, ProgressDisplay } from './progress-display.js';

/** How many progress lines a run prints at most in a log (plus the first and last epoch). */
const MAX_LINES = 10;

/**
 * Progress for logs and pipes (CI, `pnpm start` through turbo): whole lines, no carriage
 * returns, the first and last epoch and about {@link MAX_LINES} in between, each with a text bar.
 */
export class LogProgress implements ProgressDisplay {
  readonly #out: OutputStream;
  #label = '';

  constructor(out: OutputStream) {
    this.#out = out;
  }

  start(info: RunInfo, label: string): void {
    this.#label = label;
  }

  epoch(record: EpochRecord, info: RunInfo): void {
    const total = info.lastEpoch - info.firstEpoch + 1;
    const done = record.epoch - info.firstEpoch + 1;
    const every = Math.max(1, Math.ceil(total / MAX_LINES));
    if (done !== 1 && done !== total && done % every !== 0) return;
    const width = String(info.lastEpoch).length;
    const percent = String(Math.round((done / total) * 100)).padStart(3);
    this.#out.write(`${this.#label}epoch ${String(record.epoch).padStart(width)}/${info.lastEpoch} ${textBar(done, total)} ${percent}% | ${formatFigures(record)}\n`);
  }

  note(message: string): void {
    this.#out.write(`${message}\n`);
  }

  stop(): void {}
}
