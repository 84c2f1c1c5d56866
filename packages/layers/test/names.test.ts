import { layerClassName } from '@descent/core';
import { Activation, Affine, Bias, Linear, Rectlin, resetLayerCounters, Sequential, Softmax, Tanh } from '@descent/layers';
import { beforeEach, describe, expect, it } from 'vitest';

beforeEach(resetLayerCounters);

describe('default layer names', () => {
  it('are {Class}_{n} with one counter per class, starting at 0', () => {
    expect([new Linear({ nout: 2 }), new Linear({ nout: 2 }), new Bias(), new Linear({ nout: 1 }), new Bias()].map((l) => l.name)).toEqual([
      'Linear_0',
      'Linear_1',
      'Bias_0',
      'Linear_2',
      'Bias_1',
    ]);
    expect(new Activation({ transform: new Tanh() }).name).toBe('Activation_0');
    expect(new Sequential({ layers: [new Bias()] }).name).toBe('Sequential_0');
  });

  it('count named layers too, as neon does', () => {
    const named = new Linear({ nout: 2, name: 'encoder' });
    expect(named.name).toBe('encoder');
    expect(new Linear({ nout: 2 }).name).toBe('Linear_1');
  });

  it('restart after resetLayerCounters()', () => {
    new Linear({ nout: 2 });
    resetLayerCounters();
    expect(new Linear({ nout: 2 }).name).toBe('Linear_0');
  });

  it('use a subclass\'s own class name, which is also the class it is routed by', () => {
    class MaskedLinear extends Linear {}
    const masked = new MaskedLinear({ nout: 3 });
    expect(masked.name).toBe('MaskedLinear_0');
    expect(layerClassName(masked)).toBe('MaskedLinear');
    expect(layerClassName(new Linear({ nout: 3 }))).toBe('Linear');
    class Renamed extends Linear {
      static override readonly className = 'Projection';
    }
    expect(new Renamed({ nout: 1 }).name).toBe('Projection_0');
  });

  it('reject an empty or non-string name', () => {
    expect(() => new Linear({ nout: 2, name: '' })).toThrow(/"name"/);
    expect(() => new Bias({ name: 3 as never })).toThrow(/"name"/);
  });
});

describe('Affine expansion and names', () => {
  it('expands to Linear (name), Bias (name_bias) and Activation (name_{Transform})', () => {
    const affine = new Affine({ nout: 4, bias: true, activation: new Softmax(), name: 'layer_three' });
    expect(affine.name).toBe('layer_three');
    expect(affine.layers.map((l) => [l.name, layerClassName(l)])).toEqual([
      ['layer_three', 'Linear'],
      ['layer_three_bias', 'Bias'],
      ['layer_three_Softmax', 'Activation'],
    ]);
  });

  it('has only a Linear without bias or activation, and takes the Linear\'s default name when unnamed', () => {
    new Linear({ nout: 1 });
    const plain = new Affine({ nout: 4 });
    expect(plain.layers.map((l) => l.name)).toEqual(['Linear_1']);
    const unnamed = new Affine({ nout: 4, bias: true, activation: new Rectlin() });
    expect(unnamed.name).toBe('Linear_2');
    expect(unnamed.layers.map((l) => l.name)).toEqual(['Linear_2', 'Linear_2_bias', 'Linear_2_Rectlin']);
    expect(new Affine({ nout: 1, bias: false }).layers).toHaveLength(1);
  });

  it('names the activation after the transform\'s exact class', () => {
    class Sharp extends Rectlin {}
    const affine = new Affine({ nout: 2, activation: new Sharp(), name: 'a' });
    expect(affine.layers.map((l) => l.name)).toEqual(['a', 'a_Sharp']);
  });
});
