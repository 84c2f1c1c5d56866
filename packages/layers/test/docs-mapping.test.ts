import * as tf from '@tensorflow/tfjs';
import { getParamList } from '@descent/core';
import { Affine, Linear, Rectlin, resetLayerCounters, Sequential, Softmax } from '@descent/layers';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useCpu } from './setup.js';
import { SpyOptimizer } from './spy-optimizer.js';

beforeAll(useCpu);
beforeEach(resetLayerCounters);
const models: Sequential[] = [];
afterEach(() => models.splice(0).forEach((m) => m.dispose()));

/**
 * neon's docs example, translated; `optimizerA/B/C` are spies here so that the test sees which
 * parameters reach which optimizer. We have no Conv layer: layer_one is an Affine, so its
 * Linear is routed as `Linear` (to B); neon's Conv would be a `Convolution` (default, A).
 */
function docsExample(bias: boolean) {
  const optimizerA = new SpyOptimizer();
  const optimizerB = new SpyOptimizer();
  const optimizerC = new SpyOptimizer();
  const mapping = { default: optimizerA, Linear: optimizerB, layer_two: optimizerC };
  const layers = [
    new Affine({ nout: 5, bias, activation: new Rectlin(), name: 'layer_one' }),
    new Affine({ nout: 4, bias, activation: new Rectlin(), name: 'layer_two' }),
    new Affine({ nout: 3, bias, activation: new Softmax(), name: 'layer_three' }),
  ];
  const model = new Sequential({ layers, inputSize: 6 });
  models.push(model);
  return { optimizerA, optimizerB, optimizerC, model, multi: new MultiOptimizer(mapping) };
}

describe("neon's MultiOptimizer docs example", () => {
  it('routes layer_one -> B, layer_two -> C, the Linear of layer_three -> B, every Bias -> A, Softmax nowhere', () => {
    const { optimizerA, optimizerB, optimizerC, model, multi } = docsExample(true);
    multi.optimize([model], 0);
    expect(optimizerB.calls.map((c) => c.layers)).toEqual([['layer_one', 'layer_three']]);
    expect(optimizerC.calls.map((c) => c.layers)).toEqual([['layer_two']]);
    expect(optimizerA.calls.map((c) => c.layers)).toEqual([['layer_one_bias', 'layer_two_bias', 'layer_three_bias']]);
    // Every parameter of the model reaches exactly one optimizer, once.
    const reached = [optimizerA, optimizerB, optimizerC].flatMap((o) => o.calls.flatMap((c) => c.params));
    const all = getParamList([model]).map((e) => e.param);
    expect(reached).toHaveLength(all.length);
    expect(new Set(reached)).toEqual(new Set(all));
    expect(all).toHaveLength(6);
  });

  it('has no Bias rows when the Affines have no bias', () => {
    const { optimizerA, optimizerB, optimizerC, model, multi } = docsExample(false);
    multi.optimize([model], 0);
    expect(optimizerB.calls.map((c) => c.layers)).toEqual([['layer_one', 'layer_three']]);
    expect(optimizerC.calls.map((c) => c.layers)).toEqual([['layer_two']]);
    expect(optimizerA.calls).toHaveLength(0);
  });

  it('routes each param with its own layer: the weights of layer_two reach C and only C', () => {
    const { optimizerB, optimizerC, model, multi } = docsExample(true);
    multi.optimize([model], 0);
    const layerTwo = model.layers[1] as Affine;
    expect(optimizerC.calls[0]!.params).toEqual([layerTwo.linear.param]);
    expect(optimizerB.calls[0]!.params).not.toContain(layerTwo.linear.param);
  });

  it('does not route a subclass of Linear as Linear', () => {
    class MaskedLinear extends Linear {}
    const a = new SpyOptimizer();
    const b = new SpyOptimizer();
    const model = new Sequential({ layers: [new MaskedLinear({ nout: 2, name: 'masked' }), new Linear({ nout: 2, name: 'plain' })], inputSize: 3 });
    models.push(model);
    new MultiOptimizer({ default: a, Linear: b }).optimize([model], 0);
    expect(a.calls.map((c) => c.layers)).toEqual([['masked']]);
    expect(b.calls.map((c) => c.layers)).toEqual([['plain']]);
  });

  it('gets nothing from an unbuilt model (layers without weights are skipped)', () => {
    const a = new SpyOptimizer();
    const model = new Sequential({ layers: [new Affine({ nout: 2, bias: true })] });
    models.push(model);
    new MultiOptimizer({ default: a }).optimize([model], 0);
    expect(a.calls).toHaveLength(0);
    model.forward(tf.zeros([1, 3])).dispose();
    new MultiOptimizer({ default: a }).optimize([model], 0);
    expect(a.calls.map((c) => c.layers)).toEqual([['Linear_0', 'Linear_0_bias']]);
  });
});
