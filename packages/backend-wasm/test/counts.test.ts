import { defineUpdate, fusePipeline } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wasmBackend } from './helpers.js';

const rule = defineUpdate({
  name: 'scaled',
  states: [],
  scalars: ['rate'],
  update: ({ param, grad }, s, { clipScale }) => ({ param: param.sub(s.rate.mul(clipScale).mul(grad)) }),
});
const flags = { gradientClipNorm: true, gradientClipValue: false, paramClipValue: false };

/**
 * Counts compilations and kernel calls from the outside, by wrapping the WebAssembly
 * constructors the backend uses (not the backend's own counters).
 */
function instrument() {
  const RealModule = WebAssembly.Module;
  const RealInstance = WebAssembly.Instance;
  const counts = { modules: 0, instances: 0, calls: 0 };
  function CountingModule(bytes: BufferSource) {
    counts.modules++;
    return new RealModule(bytes);
  }
  function CountingInstance(module: WebAssembly.Module, imports?: WebAssembly.Imports) {
    counts.instances++;
    const real = new RealInstance(module, imports);
    const exports: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(real.exports)) {
      exports[name] =
        typeof value === 'function'
          ? (...args: unknown[]) => {
              counts.calls++;
              return (value as (...a: unknown[]) => unknown)(...args);
            }
          : value;
    }
    return { exports };
  }
  (WebAssembly as { Module: unknown }).Module = CountingModule;
  (WebAssembly as { Instance: unknown }).Instance = CountingInstance;
  const restore = () => {
    (WebAssembly as { Module: unknown }).Module = RealModule;
    (WebAssembly as { Instance: unknown }).Instance = RealInstance;
  };
  return { counts, restore };
}

describe('compile once, call once', () => {
  let probe: ReturnType<typeof instrument>;
  beforeEach(() => {
    probe = instrument();
  });
  afterEach(() => probe.restore());

  it('makes exactly one wasm call per runUpdate, whatever the number of bindings (reductions included)', async () => {
    const backend = await wasmBackend();
    const program = fusePipeline(rule, flags);
    const params = [[5], [1023], [], [2, 3]].map((s) => tf.variable(tf.ones(s)));
    const grads = params.map((p) => tf.onesLike(p));
    for (let n = 1; n <= params.length; n++) {
      const before = probe.counts.calls;
      backend.runUpdate({ program, bindings: params.slice(0, n).map((p, i) => [p, grads[i]!]), scalars: Float32Array.of(1, 1, 0.1) });
      expect(probe.counts.calls - before).toBe(1);
    }
    expect(backend.stats.kernelCalls).toBe(params.length);
    backend.runUpdate({ program, bindings: [], scalars: Float32Array.of(1, 1, 0.1) });
    expect(backend.stats.kernelCalls).toBe(params.length); // nothing to do: no call
    tf.dispose([...params, ...grads]);
    backend.dispose();
  });

  it('compiles a program once: new scalars and a second program with the same key are cache hits', async () => {
    const backend = await wasmBackend();
    const program = fusePipeline(rule, flags);
    const param = tf.variable(tf.ones([6]));
    const grad = tf.onesLike(param);
    const modulesBefore = probe.counts.modules;

    backend.runUpdate({ program, bindings: [[param, grad]], scalars: Float32Array.of(1, 1, 0.1) });
    expect(probe.counts.modules - modulesBefore).toBe(1);
    for (let step = 0; step < 20; step++) {
      backend.runUpdate({ program, bindings: [[param, grad]], scalars: Float32Array.of(1 + step, 2 * step, 0.01 * step) });
    }
    const twin = fusePipeline(rule, flags); // another object, same structure
    expect(twin).not.toBe(program);
    expect(twin.key).toBe(program.key);
    backend.runUpdate({ program: twin, bindings: [[param, grad]], scalars: Float32Array.of(1, 1, 0.1) });
    expect(probe.counts.modules - modulesBefore).toBe(1);
    expect(backend.stats).toMatchObject({ compiles: 1, cacheHits: 21, kernelCalls: 22 });

    const other = fusePipeline(rule, { ...flags, paramClipValue: true });
    backend.runUpdate({ program: other, bindings: [[param, grad]], scalars: Float32Array.of(1, 1, 0.1, 1) });
    expect(probe.counts.modules - modulesBefore).toBe(2);
    expect(backend.stats.compiles).toBe(2);
    tf.dispose([param, grad]);
    backend.dispose();
  });
});
