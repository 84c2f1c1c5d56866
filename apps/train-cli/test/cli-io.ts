import { runCli } from '../src/index.js';

/** A stream that keeps what is written, looking like a pipe (not a terminal). */
export class Capture {
  text = '';
  readonly isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** Runs the CLI in-process with captured output. */
export async function runCaptured(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await runCli(argv, { out: out as never, err: err as never });
  return { code, out: out.text, err: err.text };
}
