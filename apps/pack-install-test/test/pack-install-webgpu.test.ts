import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PICK = ['core', 'gradient-descent-momentum', 'backend-webgpu'];
// What a Node user of @descent/backend-webgpu installs beside the tarballs.
const PEERS = ['@tensorflow/tfjs-core@4.22.0', '@tensorflow/tfjs-backend-webgpu@4.22.0', 'webgpu@0.6.2'];

// The README's example of @descent/backend-webgpu, printing JSON.
const SCRIPT = `
import { setBackend } from '@descent/core';
import { createBackend } from '@descent/backend-webgpu';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import * as tf from '@tensorflow/tfjs-core';
import { create, globals } from 'webgpu';
process.env.EGL_PLATFORM ??= 'surfaceless';
Object.assign(globalThis, globals);
setBackend(await createBackend({ gpu: create(['backend=opengles']) }));
const w = tf.variable(tf.zeros([3]), true, 'w');
const entry = { param: w, grad: tf.tensor([1, -2, 0.5]), states: [] };
const layer = { name: 'dense', getParams: () => [entry] };
const optimizer = new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, gradientClipNorm: 1 });
for (let step = 0; step < 3; step++) optimizer.optimize([layer], 0);
console.log(JSON.stringify({ backend: tf.getBackend(), w: Array.from(await w.data()) }));
`;

describe('pick-and-choose install of the WebGPU backend from tarballs', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'descent-pack-webgpu-'));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('installs core + gradient-descent-momentum + backend-webgpu with npm and runs the README example on Dawn', () => {
    const tarballs = PICK.map((name) => {
      const out = execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: join(repo, 'packages', name), encoding: 'utf8' });
      const file = out.trim().split('\n').pop()!.trim();
      return file.startsWith('/') ? file : join(work, file);
    });
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'user-app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...PEERS, ...tarballs], { cwd: app, stdio: 'pipe' });
    writeFileSync(join(app, 'train.mjs'), SCRIPT);
    const out = execFileSync('node', ['train.mjs'], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.backend).toBe('webgpu');
    // neon's momentum with the norm clip: sf = 1/|g|, three steps of v = 0.9 v - 0.1 sf g.
    const sf = 1 / Math.sqrt(1 + 4 + 0.25);
    const w = [1, -2, 0.5].map((g) => {
      let v = 0;
      let p = 0;
      for (let k = 0; k < 3; k++) {
        v = 0.9 * v - 0.1 * sf * g;
        p += v;
      }
      return p;
    });
    result.w.forEach((x: number, i: number) => expect(Math.abs(x - w[i]!)).toBeLessThan(1e-6));
  });
});
