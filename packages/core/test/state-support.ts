import * as tf from '@tensorflow/tfjs-core';
import { defineUpdate, ElementwiseOptimizer, type Layer, type OptimizerConfig, type PipelineSettings, StateError } from '@descent/core';
import { seededValues, TestLayer } from './helpers.js';

const rule = defineUpdate({
  name: 'test-counting-moments',
  states: ['m', 'v'],
  scalars: ['stepSize'],
  update: ({ param, grad, m, v }, s) => {
    const m1 = m.mul(0.9).add(grad.mul(0.1));
    const v1 = v.mul(0.99).add(grad.square().mul(0.01));
    return { m: m1, v: v1, param: param.sub(s.stepSize.mul(m1).div(v1.sqrt().add(1e-3))) };
  },
});

/** A two-state optimizer whose step size depends on a counter, so a resume must restore both. */
export class Counting extends ElementwiseOptimizer<'m' | 'v', 'stepSize'> {
  calls = 0;
  constructor(readonly learningRate = 0.05, pipeline: PipelineSettings = {}) {
    super(rule, pipeline);
  }
  override get optimizerType(): string {
    return 'Counting';
  }
  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), learningRate: this.learningRate };
  }
  protected override stepScalars() {
    return { stepSize: this.learningRate / Math.sqrt(this.calls + 1) };
  }
  protected override onStepApplied(): void {
    this.calls += 1;
  }
  protected override getCounters() {
    return { calls: this.calls };
  }
  protected override setCounters(counters: Readonly<Record<string, number>>): void {
    this.calls = counters.calls!;
  }
  protected override checkCounters(counters: Readonly<Record<string, unknown>>, path: string) {
    const checked = super.checkCounters(counters, path);
    if (!Number.isSafeInteger(checked.calls) || checked.calls! < 0) throw new StateError(`${path}.calls`, `${path}.calls must be an integer >= 0`);
    return checked;
  }
}

/** Sets deterministic grads for step `step` on every layer. */
export function setStepGrads(layers: readonly TestLayer[], step: number): void {
  layers.forEach((layer, l) =>
    layer.setGrads(layer.entries.map((e, i) => seededValues(1000 * step + 10 * l + i, e.param.size, 2))),
  );
}

/** Two layers (three params) with fixed names, values from `seed`. */
export function makeLayers(seed = 1): TestLayer[] {
  return [new TestLayer('dense', [[3, 4], [4]], seed), new TestLayer('head', [[4, 2]], seed + 7)];
}

/** All floats of the layers' params and states, as bit patterns (for bit-identical checks). */
export function bits(layers: readonly Layer[] | readonly TestLayer[]): number[][] {
  return (layers as TestLayer[]).flatMap((l) =>
    l.entries.flatMap((e) => [e.param, ...e.states].map((t) => Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer)))),
  );
}

/** What a checkpoint keeps of the model: each layer's name and its params' values. */
export type ParamSnapshot = { name: string; params: { shape: number[]; values: Float32Array }[] }[];

export function snapshotParams(layers: readonly TestLayer[]): ParamSnapshot {
  return layers.map((l) => ({ name: l.name, params: l.entries.map((e) => ({ shape: [...e.param.shape], values: e.param.dataSync() as Float32Array })) }));
}

/** Fresh layers with the saved names and values (the old ones must be disposed first). */
export function layersFrom(snapshot: ParamSnapshot): TestLayer[] {
  return snapshot.map(({ name, params }) => {
    const layer = new TestLayer(name, params.map((p) => p.shape), 99);
    layer.entries.forEach((e, i) => e.param.assign(tf.tensor(params[i]!.values, params[i]!.shape, 'float32')));
    return layer;
  });
}

export function disposeAll(layers: readonly TestLayer[]): void {
  for (const l of layers) l.dispose();
}

export { tf };
