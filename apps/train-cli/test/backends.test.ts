import { describe, expect, it } from 'vitest';
import { runCaptured } from './cli-io.js';

async function installed(name: string): Promise<boolean> {
  return import(/* @vite-ignore */ name).then(
    () => true,
    () => false,
  );
}

const args = ['--epochs', '1', '--samples', '64'];
const webgpuInstalled = await installed('@descent/backend-webgpu');
const cudaInstalled = await installed('@descent/backend-cuda');

describe('--backend', () => {
  it.runIf(!webgpuInstalled)('webgpu, where @descent/backend-webgpu is not installed: exit 2, saying what to install', async () => {
    const { code, out, err } = await runCaptured([...args, '--backend', 'webgpu']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^descent-train: --backend webgpu: @descent\/backend-webgpu is not installed\. Install it .*or use --backend wasm\./);
  });

  it.runIf(!cudaInstalled)('cuda, where @descent/backend-cuda is not installed: exit 2, saying what to install', async () => {
    const { code, err } = await runCaptured([...args, '--backend', 'cuda']);
    expect(code).toBe(2);
    expect(err).toMatch(/^descent-train: --backend cuda: @descent\/backend-cuda is not installed\. Install it with @tensorflow\/tfjs-node-gpu/);
  });

  it('ops and wasm name themselves in the run description', async () => {
    for (const [backend, description] of [['ops', "ops (core's tfjs-ops evaluator"], ['wasm', 'wasm (fused WebAssembly']]) {
      const { code, out } = await runCaptured([...args, '--backend', backend!]);
      expect(code).toBe(0);
      expect(out).toContain(`backend    ${description}`);
    }
  });
});
