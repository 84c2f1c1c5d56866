import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createBackend } from '@descent/backend-cuda';
import { BackendError } from '@descent/core';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Whether the real addon can be resolved from this package (never, in this repo's CI). */
function resolvable(name: string): boolean {
  try {
    createRequire(join(packageDir, 'package.json')).resolve(name);
    return true;
  } catch {
    return false;
  }
}
const addonInstalled = resolvable('@tensorflow/tfjs-node-gpu');

/** Runs an ES module snippet in a plain Node process (no vitest), from the package directory. */
async function node(source: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // Without the smoke script's hook to an addon installed elsewhere (a CUDA machine may set it).
    const { DESCENT_TFJS_NODE_GPU: _, ...env } = process.env;
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', source], { cwd: packageDir, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(addonInstalled)('without @tensorflow/tfjs-node-gpu installed', () => {
  it('importing @descent/backend-cuda in plain Node does not crash; createBackend() rejects with the install message', async () => {
    const result = await node(`
      const cuda = await import('@descent/backend-cuda');
      console.log('imported', typeof cuda.createBackend);
      try {
        await cuda.createBackend();
        console.log('resolved');
      } catch (error) {
        console.log(JSON.stringify({ name: error.name, code: error.code, cause: error.cause?.code, message: error.message }));
      }
    `);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [first, json] = result.stdout.trim().split('\n');
    expect(first).toBe('imported function');
    const error = JSON.parse(json!);
    expect(error).toMatchObject({ name: 'BackendError', code: 'BACKEND', cause: 'ERR_MODULE_NOT_FOUND' });
    expect(error.message).toMatch(/^@descent\/backend-cuda: cannot create the CUDA backend: @tensorflow\/tfjs-node-gpu is not installed/);
    expect(error.message).toMatch(/CUDA 11\.2 and cuDNN 8\.1/);
  });

  it('the default loader under vitest gives the same BackendError', async () => {
    const attempt = createBackend();
    await expect(attempt).rejects.toThrow(BackendError);
    await expect(attempt).rejects.toThrow(/@tensorflow\/tfjs-node-gpu is not installed/);
  });

  it('with allowCpu, both packages are tried and reported missing', async () => {
    await expect(createBackend({ allowCpu: true })).rejects.toThrow(/neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node is installed/);
  });

  it('the smoke script exits 1 with the same message', async () => {
    const result = await node(`await import('./scripts/smoke.mjs');`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/@tensorflow\/tfjs-node-gpu is not installed/);
    expect(result.stderr).toMatch(/npm install @tensorflow\/tfjs-node-gpu@4\.22\.0/);
  });
});
