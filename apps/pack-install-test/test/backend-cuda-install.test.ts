import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const SCRIPT = `
import { createBackend } from '@descent/backend-cuda';
try {
  await createBackend();
  console.log(JSON.stringify({ created: true }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message }));
}
`;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'descent-cuda-pack-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

it('@descent/backend-cuda installs from its tarball without TensorFlow (optional peers) and explains what to install', () => {
  const tarballs = ['core', 'backend-cuda'].map((name) => {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: join(repo, 'packages', name), encoding: 'utf8' });
    const file = out.trim().split('\n').pop()!.trim();
    return file.startsWith('/') ? file : join(work, file);
  });
  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'user-app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '@tensorflow/tfjs-core@4.22.0', ...tarballs], { cwd: app, stdio: 'pipe' });
  const manifest = JSON.parse(readFileSync(join(app, 'node_modules/@descent/backend-cuda/package.json'), 'utf8'));
  expect(manifest.peerDependenciesMeta['@tensorflow/tfjs-node-gpu']).toEqual({ optional: true });
  // npm installs required peers, not optional ones: the addon is absent, as on a CPU machine.
  expect(existsSync(join(app, 'node_modules/@tensorflow/tfjs-node-gpu'))).toBe(false);
  expect(existsSync(join(app, 'node_modules/@tensorflow/tfjs-node'))).toBe(false);
  writeFileSync(join(app, 'cuda.mjs'), SCRIPT);
  const result = JSON.parse(execFileSync('node', ['cuda.mjs'], { cwd: app, encoding: 'utf8' }).trim().split('\n').pop()!);
  expect(result).toMatchObject({ name: 'BackendError', code: 'BACKEND' });
  expect(result.message).toMatch(/@tensorflow\/tfjs-node-gpu is not installed/);
  expect(result.message).toMatch(/npm install @tensorflow\/tfjs-node-gpu@4\.22\.0/);
});
