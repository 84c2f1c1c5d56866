import { describe, expect, it } from 'vitest';
import { importOptional } from '../src/backends/optional-package.js';
import { DEFAULT_CONFIG, train, type TrainConfig, UsageError } from '../src/index.js';
import { runCaptured } from './cli-io.js';

async function installed(name: string): Promise<boolean> {
  return import(/* @vite-ignore */ name).then(
    () => true,
    () => false,
  );
}

const args = ['--epochs', '1', '--samples', '64'];
const short: TrainConfig = { ...DEFAULT_CONFIG, dataset: 'moons', samples: 256, epochs: 3, hidden: [16, 16] };
const tfjsNodeGpuInstalled = await installed('@tensorflow/tfjs-node-gpu');

describe('--backend', () => {
  it('ops and wasm name themselves in the run description', async () => {
    for (const [backend, description] of [['ops', "ops (core's tfjs-ops evaluator"], ['wasm', 'wasm (fused WebAssembly']]) {
      const { code, out } = await runCaptured([...args, '--backend', backend!]);
      expect(code).toBe(0);
      expect(out).toContain(`backend    ${description}`);
    }
  });

  it('webgpu (Dawn in Node, Mesa llvmpipe here) trains the same model to the same losses as wasm', async () => {
    const wasm = await train({ ...short, backend: 'wasm' });
    const webgpu = await train({ ...short, backend: 'webgpu' });
    expect(webgpu.info.backend).toMatch(/^webgpu \(fused WGSL/);
    const [a, b] = [wasm.records.map((r) => r.loss), webgpu.records.map((r) => r.loss)];
    expect(b.at(-1)!).toBeLessThan(b[0]!);
    // Same data, weights and shuffles; float32 on both, summed in different orders on the GPU.
    b.forEach((loss, i) => expect(Math.abs(loss - a[i]!)).toBeLessThan(1e-3));
  });

  it.runIf(!tfjsNodeGpuInstalled)('cuda without @tensorflow/tfjs-node-gpu: exit 2 with backend-cuda\'s explanation', async () => {
    const { code, out, err } = await runCaptured([...args, '--backend', 'cuda']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^descent-train: --backend cuda: .*@tensorflow\/tfjs-node-gpu is not installed/);
    expect(err).toContain('CUDA 11.2 and cuDNN 8.1');
  });

  it('a backend package that is not installed becomes a usage error saying what to install', async () => {
    const attempt = importOptional('@descent/backend-not-a-real-package', '--backend x', 'Install it, or use --backend wasm.');
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow('--backend x: @descent/backend-not-a-real-package is not installed. Install it, or use --backend wasm.');
  });
});
