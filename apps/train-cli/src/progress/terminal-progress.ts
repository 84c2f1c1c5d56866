import { SingleBar } from 'cli-progress';
import type { EpochRecord, RunInfo } from '../train/train.js';
import { formatFigures } from './format.js';
import type { OutputStream, ProgressDisplay } from './progress-display.js';

/** A live cli-progress bar for terminals: epoch, bar, percentage, loss, accuracy, throughput, ETA. */
export class TerminalProgress implements ProgressDisplay {
  readonly #out: OutputStream;
  #bar: SingleBar | undefined;

  constructor(out: OutputStream) {
    this.#out = out;
  }

  start(info: RunInfo, label: string): void {
    this.#bar = new SingleBar({
      stream: this.#out,
      format: `${label}epoch {value}/{total} {bar} {percentage}% | {figures} | ETA {eta_formatted}`,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      barsize: 24,
      hideCursor: true,
      etaBuffer: 5,
    });
    this.#bar.start(info.lastEpoch, info.firstEpoch - 1, { figures: 'loss … | test acc … | … samples/s' });
  }

  epoch(record: EpochRecord): void {
    this.#bar?.update(record.epoch, { figures: formatFigures(record) });
  }

  note(message: string): void {
    if (this.#bar) this.#out.write('\n');
    this.#out.write(`${message}\n`);
  }

  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}
