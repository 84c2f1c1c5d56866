import { LogProgress } from './log-progress.js';
import type { OutputStream, ProgressDisplay } from './progress-display.js';
import { TerminalProgress } from './terminal-progress.js';

/** A live bar when `out` is a terminal, whole lines otherwise (`--no-progress-bar` forces lines). */
export function createProgress(out: OutputStream, liveBar = true): ProgressDisplay {
  return liveBar && out.isTTY ? new TerminalProgress(out) : new LogProgress(out);
}
