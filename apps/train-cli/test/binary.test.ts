import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

function runBinary(args: string[]) {
  if (!existsSync(main)) throw new Error(`${main} is missing: run "pnpm build" first (turbo does it before "pnpm test")`);
  return spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('the built descent-train binary', () => {
  it('exits with code 2 and one clear message on a bad flag', () => {
    const result = runBinary(['--momentum', '1.2']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "descent-train: option '--momentum <value>' argument '1.2' is invalid. momentum must be in [0, 1)\nRun \"descent-train --help\" for every flag.\n",
    );
  });

  it('trains, writing whole progress lines with a text bar and no carriage returns into a pipe', () => {
    const result = runBinary(['--epochs', '4', '--samples', '256', '--dataset', 'circles']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('\r');
    const progress = result.stdout.split('\n').filter((line) => line.startsWith('epoch '));
    expect(progress).toHaveLength(4);
    expect(progress[3]).toMatch(/^epoch 4\/4 █{24} 100% \| loss \d\.\d{4} \| test acc \d+\.\d% \| [\d,]+ samples\/s$/);
    expect(result.stdout).toMatch(/\ndone: loss \d\.\d{4} \(first epoch of this run: \d\.\d{4}\), train accuracy [\d.]+%, test accuracy [\d.]+%; 4 epochs in/);
  });
});
