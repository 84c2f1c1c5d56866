import {
  ConformanceReport,
  expectBitIdentical,
  manyShapes,
  pipelineReference,
  randomShapes,
  type ReferenceModel,
  resolveConfig,
  runInputs,
  seeded,
  sizeOf,
  STEPS_PER_EPOCH,
} from '@descent/testing';
import { describe, expect, it } from 'vitest';
import { FlawedMomentum } from './flawed-momentum.js';

const base = { name: 'X', create: () => new FlawedMomentum(), stateCount: 1 };

describe('resolveConfig', () => {
  it('fills in the defaults', () => {
    const c = resolveConfig(base);
    expect(c.backends).toEqual(['ops', 'wasm', 'webgpu']);
    expect(c.requireBackends).toEqual(['ops']);
    expect(c.cases.map((k) => k.name)).toEqual(['defaults']);
    expect(c.state).toEqual({ enabled: true });
    expect(c.seed).toBe(resolveConfig({ ...base }).seed);
    expect(c.seed).not.toBe(resolveConfig({ ...base, name: 'Y' }).seed);
    expect([c.knownOptions, c.longRun]).toEqual([undefined, undefined]);
    expect(resolveConfig({ ...base, baseOptions: { learningRate: 0.5 }, longRun: { steps: 10 } }).longRun).toEqual({ steps: 10, options: { learningRate: 0.5 } });
  });

  it('refuses to turn the state round trip off without a reason', () => {
    expect(() => resolveConfig({ ...base, state: false })).toThrow(/"state: false" needs a "stateReason"/);
    expect(() => resolveConfig({ ...base, state: false, stateReason: '  ' })).toThrow(TypeError);
    expect(resolveConfig({ ...base, state: false, stateReason: ' no checkpoints ' }).state).toEqual({ enabled: false, reason: 'no checkpoints' });
  });

  it('rejects unknown backends, required backends left out, duplicate cases and short runs', () => {
    expect(() => resolveConfig({ ...base, backends: ['cuda' as never] })).toThrow(/unknown backend "cuda"/);
    expect(() => resolveConfig({ ...base, backends: ['wasm'] })).toThrow(/"requireBackends" lists "ops"/);
    const twice = [{ name: 'a', options: {} }, { name: 'a', options: {} }];
    expect(() => resolveConfig({ ...base, cases: twice })).toThrow(/distinct "name"/);
    expect(() => resolveConfig({ ...base, steps: 3 })).toThrow(/"steps"/);
    expect(() => resolveConfig({ ...base, stateCount: -1 })).toThrow(/"stateCount"/);
    expect(() => resolveConfig({ ...base, knownOptions: [] })).toThrow(/"knownOptions"/);
    expect(() => resolveConfig({ ...base, knownOptions: ['learningRate', ''] })).toThrow(/"knownOptions"/);
    expect(() => resolveConfig({ ...base, longRun: { steps: 0 } })).toThrow(/"longRun.steps"/);
    expect(() => resolveConfig({ ...base, longRun: { steps: 10, after: 1 as never } })).toThrow(/"longRun.after"/);
  });
});

describe('inputs', () => {
  it('always have a 0-d scalar, a single element and an odd size beyond a workgroup', () => {
    for (let seed = 0; seed < 20; seed++) {
      const shapes = randomShapes(seeded(seed));
      expect(shapes.slice(0, 2)).toEqual([[], [1]]);
      const odd = sizeOf(shapes[2]!);
      expect(odd % 2 === 1 && odd > 256).toBe(true);
      expect(shapes.length).toBeGreaterThanOrEqual(5);
    }
    expect(manyShapes(seeded(1), 67)).toHaveLength(67);
  });

  it('are reproducible from the seed, change epoch every few steps and scale grads with the batch', () => {
    const a = runInputs({ seed: 9, steps: 9, batchSize: 4 });
    expect(runInputs({ seed: 9, steps: 9, batchSize: 4 })).toEqual(a);
    expect(STEPS_PER_EPOCH).toBe(4);
    expect(a.steps.map((s) => s.epoch)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2]);
    const largest = Math.max(...a.steps.flatMap((s) => s.grads.flat().map(Math.abs)));
    expect(largest).toBeGreaterThan(1);
    expect(largest).toBeLessThanOrEqual(4);
  });
});

describe('pipelineReference', () => {
  const model = (): ReferenceModel => ({ params: [[1, -2], [0.5]], states: [[[0, 0]], [[0]]] });

  it("applies neon's pipeline around the update: batch division, value clip, norm scale, param clip", () => {
    const m = model();
    const seen: number[][] = [];
    const step = pipelineReference({ gradientClipNorm: 1, gradientClipValue: -0.5, paramClipValue: 1.5 }, (e, call) => {
      seen.push([e.grad, e.clipScale, call.call, call.epoch]);
      e.states[0] = e.states[0]! + 1;
      return e.param - e.grad;
    });
    // Raw grads [6, -2] and [0]: norm sqrt(40)/2 = 3.162..., sf = 1/3.162...; g = [3, -1, 0] clipped to ±0.5.
    step(m, [[6, -2], [0]], 3, 2);
    const sf = 1 / (Math.sqrt(40) / 2);
    expect(seen).toEqual([[0.5, sf, 1, 3], [-0.5, sf, 1, 3], [0, sf, 1, 3]]);
    expect(m.params).toEqual([[0.5, -1.5], [0.5]]);
    expect(m.states).toEqual([[[1, 1]], [[1]]]);
    step(m, [[0, 0], [0]], 4, 1);
    expect(seen.at(-1)).toEqual([0, 1, 2, 4]);
  });

  it('counts what the pipeline did, when asked', () => {
    const seen = { minScale: 1, valueClipped: 0, paramClipped: 0 };
    const step = pipelineReference({ gradientClipNorm: 1, gradientClipValue: 0.5, paramClipValue: 0.75 }, (e) => e.param - e.grad, seen);
    step(model(), [[6, -2], [0]], 0, 2); // g = [0.5, -0.5, 0] (two clipped); p = [0.5, -1.5 -> -0.75, 0.5] (one clipped)
    expect(seen).toEqual({ minScale: 1 / (Math.sqrt(40) / 2), valueClipped: 2, paramClipped: 1 });
    const small: ReferenceModel = { params: [[0.1, -0.2], [0.5]], states: [[[0, 0]], [[0]]] };
    step(small, [[0.1, 0], [0]], 0, 1); // nothing clipped; sf = 1 does not raise the minimum
    expect(seen).toEqual({ minScale: 1 / (Math.sqrt(40) / 2), valueClipped: 2, paramClipped: 1 });
  });

  it('leaves the gradient alone without clips, and starts counting again for every new reference', () => {
    const update = (e: { param: number; grad: number }) => e.param - 0.1 * e.grad;
    const m = model();
    pipelineReference({}, update)(m, [[10, 20], [30]], 0, 1);
    expect(m.params).toEqual([[0, -4], [-2.5]]);
    const calls: number[] = [];
    const fresh = () => pipelineReference({}, (e, c) => (calls.push(c.call), e.param));
    fresh()(model(), [[0, 0], [0]], 0, 1);
    fresh()(model(), [[0, 0], [0]], 0, 1);
    expect(calls).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe('ConformanceReport', () => {
  it('says which backends ran, why the others did not, and why the state round trip is off', () => {
    const report = new ConformanceReport(resolveConfig({ ...base, state: false, stateReason: 'stateless by design' }) as never);
    report.record('ops', { available: true, backend: {} as never });
    report.record('webgpu', { available: false, reason: 'no adapter' });
    report.record('ops', { available: false, reason: 'ignored: recorded already' });
    expect(report.ran).toEqual(['ops']);
    const text = report.text();
    expect(text).toContain('ran on: ops');
    expect(text).toContain('not run on webgpu: no adapter');
    expect(text).toContain('fewer than two backends ran: not compared');
    expect(text).toContain('OFF, because: stateless by design');
    expect(text).toContain('float64 reference: none given');
    expect(text).toContain('hostile options: not fuzzed');
    expect(text).toContain('long run: none');
    const opted = new ConformanceReport(resolveConfig({ ...base, knownOptions: ['learningRate'], longRun: { steps: 50 } }) as never).text();
    expect(opted).toContain('hostile options: fuzzed over 1 option name(s)');
    expect(opted).toContain('long run: 50 steps on ops');
  });
});

describe('expectBitIdentical', () => {
  it('tells +0 from -0 and compares NaN by its bits', () => {
    expectBitIdentical(new Float32Array([Number.NaN, 1]), new Float32Array([Number.NaN, 1]), 'same');
    expect(() => expectBitIdentical(new Float32Array([0]), new Float32Array([-0]), 'zeros')).toThrow(/zeros\[0\]/);
    expect(() => expectBitIdentical(new Float32Array([1, 2]), new Float32Array([1, 2, 3]), 'lengths')).toThrow(/length/);
  });
});
