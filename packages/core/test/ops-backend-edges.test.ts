import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { compileProgram, createOpsBackend, Expr } from '@descent/core';
import { beforeAll, describe, expect, it } from 'vitest';

// A program may write a uniform value (one that reads no tensor element) to a tensor: the
// backend broadcasts it. Found by @descent/testing's random programs: an empty tensor failed,
// because tfjs' broadcastTo turns a scalar into shape [1] for an empty shape.
const program = compileProgram({
  name: 'uniform-output',
  tensors: ['param', 'grad', 's0'],
  readOnly: ['grad'],
  scalars: ['x0'],
  outputs: { param: Expr.of({ kind: 'scalar', name: 'x0' }), s0: Expr.of({ kind: 'tensor', name: 's0' }).add(Expr.of({ kind: 'tensor', name: 'grad' })) },
});

describe('the ops backend writes uniform outputs to tensors of every size', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  for (const shape of [[0], [2, 0], [], [3]]) {
    it(`shape [${shape.join(',')}]`, () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const [param, s0] = [tf.variable(tf.fill(shape, 5)), tf.variable(tf.fill(shape, 1))];
      const grad = tf.fill(shape, 2);
      createOpsBackend().runUpdate({ program, bindings: [[param, grad, s0]], scalars: Float32Array.of(-0.5) });
      expect(param.shape).toEqual(shape);
      expect(Array.from(param.dataSync())).toEqual(new Array(size).fill(-0.5));
      expect(Array.from(s0.dataSync())).toEqual(new Array(size).fill(3));
      tf.dispose([param, s0, grad]);
    });
  }
});
