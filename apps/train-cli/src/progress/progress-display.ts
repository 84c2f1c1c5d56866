import type { EpochRecord, RunInfo } from '../train/train.js';

/** Shows a run's progress: a live bar on a terminal, periodic lines in a log. */
export interface ProgressDisplay {
  start(info: RunInfo, label: string): void;
  epoch(record: EpochRecord, info: RunInfo): void;
  /** A message, printed without breaking the bar. */
  note(message: string): void;
  stop(): void;
}

/** Where the display writes: a stream with `isTTY` and `columns` when it is a terminal. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
