import * as tf from '@tensorflow/tfjs-core';
import {
  type Backend, BackendError, createOpsBackend, defineUpdate, ElementwiseOptimizer, getBackend, SPECIFICATION_VERSION, setBackend,
  type UpdateRequest,
} from '@descent/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestLayer } from './helpers.js';

const rule = defineUpdate({
  name: 'one-state', states: ['a'], scalars: ['lr'],
  update: ({ param, grad, a }, s) => ({ a: a.add(grad), param: param.sub(s.lr.mul(grad)) }),
});
class OneState extends ElementwiseOptimizer<'a', 'lr'> {
  constructor() { super(rule, {}); }
  protected override stepScalars() { return { lr: 0.5 }; }
}

describe('Optimizer.validate asks the backend (Backend.validate)', () => {
  const original = getBackend();
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => setBackend(original));

  function spyBackend(check: (request: UpdateRequest) => void): Backend & { validated: UpdateRequest[] } {
    const ops = createOpsBackend();
    const validated: UpdateRequest[] = [];
    return {
      specificationVersion: SPECIFICATION_VERSION, name: 'spy', batchSize: 1, validated,
      runUpdate: (request) => ops.runUpdate(request),
      validate: (request) => { validated.push(request); check(request); },
    };
  }

  it('passes every binding, with the param standing in for states not created yet, and writes nothing', () => {
    const layer = new TestLayer('v', [[2], [3]]);
    const backend = spyBackend(() => {});
    setBackend(backend);
    const optimizer = new OneState();
    try {
      optimizer.validate([layer], 0);
      expect(backend.validated).toHaveLength(1);
      const [first, second] = backend.validated[0]!.bindings;
      expect(first).toEqual([layer.entries[0]!.param, layer.entries[0]!.grad, layer.entries[0]!.param]);
      expect(second![2]).toBe(layer.entries[1]!.param);
      expect(layer.entries[0]!.states).toHaveLength(0);
      // optimize() leaves the checks to runUpdate: the backend validates once, not twice.
      optimizer.optimize([layer], 0);
      expect(backend.validated).toHaveLength(1);
      optimizer.validate([layer], 0);
      expect(backend.validated[1]!.bindings[0]![2]).toBe(layer.entries[0]!.states[0]);
    } finally {
      optimizer.dispose();
      layer.dispose();
    }
  });

  it('a rejection is rethrown typed: Descent errors as they are, anything else as a BackendError naming the backend', () => {
    const layer = new TestLayer('w', [[2]]);
    const optimizer = new OneState();
    try {
      const typed = new BackendError('tensor lives elsewhere');
      setBackend(spyBackend(() => { throw typed; }));
      expect(() => optimizer.validate([layer], 0)).toThrow(typed);
      setBackend(spyBackend(() => { throw new Error('plain'); }));
      expect(() => optimizer.validate([layer], 0)).toThrow(/backend "spy" failed to run the update: plain/);
    } finally {
      optimizer.dispose();
      layer.dispose();
    }
  });
});
