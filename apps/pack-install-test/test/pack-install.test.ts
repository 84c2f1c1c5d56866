import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TFJS = '4.22.0';

/** The pick a user installs: core plus one algorithm, from tarballs, next to @tensorflow/tfjs. */
const PICK = ['core', 'gradient-descent-momentum'];

const SCRIPT = `
import * as tf from '@tensorflow/tfjs';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
await tf.setBackend('cpu');
const w = tf.variable(tf.tensor1d([3, -2]), true, 'w');
const entry = { param: w, grad: tf.zeros([2]), states: [] };
const layer = { name: 'quadratic', getParams: () => [entry] };
const optimizer = new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.5 });
for (let i = 0; i < 50; i++) { entry.grad.dispose(); entry.grad = tf.mul(w, 2); optimizer.optimize([layer], 0); }
console.log(JSON.stringify({ w: Array.from(w.dataSync()), states: entry.states.length }));
`;

describe('pick-and-choose install from tarballs', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'descent-pack-'));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('installs core + gradient-descent-momentum with npm into an empty folder and trains', () => {
    const tarballs = PICK.map((name) => {
      const out = execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: join(repo, 'packages', name), encoding: 'utf8' });
      const file = out.trim().split('\n').pop()!.trim();
      return file.startsWith('/') ? file : join(work, file);
    });
    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'user-app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `@tensorflow/tfjs@${TFJS}`, ...tarballs], { cwd: app, stdio: 'pipe' });
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/@descent/gradient-descent-momentum/package.json'), 'utf8'));
    expect(manifest.dependencies['@descent/core']).not.toContain('workspace:');
    writeFileSync(join(app, 'train.mjs'), SCRIPT);
    const result = JSON.parse(execFileSync('node', ['train.mjs'], { cwd: app, encoding: 'utf8' }).trim().split('\n').pop()!);
    // Minimising w^2 from [3, -2]: after 50 momentum steps w is close to 0.
    expect(result.states).toBe(1);
    for (const value of result.w) expect(Math.abs(value)).toBeLessThan(1e-3);
  });
});
