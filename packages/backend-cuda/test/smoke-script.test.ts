import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * scripts/smoke.mjs is meant for CUDA machines. Run against the stand-in addon module (the
 * DESCENT_TFJS_NODE_GPU hook, tfjs-backend-cpu kernels playing TensorFlow), this only proves
 * that the script itself works: it creates the backend, trains with both optimizers, times
 * them and checks its own results, in a plain Node process.
 */
it('the smoke script runs to its end on the stand-in addon', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/smoke.mjs', '--steps', '12', '--update-size', '4096'], {
    cwd: packageDir,
    env: { ...process.env, DESCENT_TFJS_NODE_GPU: join(packageDir, 'test/fixtures/stand-in-addon.cjs') },
  });
  expect(stdout).toMatch(/Descent backend: cuda, TensorFlow device: GPU \(@tensorflow\/tfjs-node-gpu\), tfjs backend: tensorflow/);
  expect(stdout).toMatch(/Descent Adam: +loss [\d.]+ -> [\d.]+, [\d.]+ ms\/step/);
  expect(stdout).toMatch(/tf\.train\.adam: +loss [\d.]+ -> [\d.]+, [\d.]+ ms\/step/);
  expect(stdout).toMatch(/Adam update of 4096 floats: Descent [\d.]+ ms\/step, tf\.train\.adam [\d.]+ ms\/step/);
  expect(stdout).toMatch(/\nOK\n/);
}, 240_000);
