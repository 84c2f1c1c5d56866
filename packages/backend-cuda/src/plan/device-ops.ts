import { type BinaryOp, POW2_ROUND_FLOOR, type UnaryOp } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';

/** A cached 0-d constant on the device (see `ScalarCache`). */
export type Constant = (key: string, value: number) => tf.Tensor;

const SQRT2_F32 = Math.fround(Math.SQRT2);

/**
 * neon's AP2 as tfjs ops: the same ops, in the same order, as core's evaluator (so results
 * are the same bit for bit on a given tfjs backend), with its constants cached instead of
 * uploaded at every call and one duplicated `p * 2` computed once.
 */
function pow2RoundOps(x: tf.Tensor, constant: Constant): tf.Tensor {
  const two = constant('2', 2);
  const a = tf.maximum(tf.abs(x), constant('floor', POW2_ROUND_FLOOR));
  let p = tf.pow(two, tf.floor(tf.div(tf.log(a), constant('ln2', Math.LN2))));
  p = tf.where(tf.greater(p, a), tf.div(p, two), p);
  const doubled = tf.mul(p, two);
  p = tf.where(tf.lessEqual(doubled, a), doubled, p);
  const rounded = tf.where(tf.greater(a, tf.mul(p, constant('sqrt2', SQRT2_F32))), tf.mul(p, two), p);
  return tf.mul(tf.sign(x), rounded);
}

/** One elementwise op of the IR on device tensors (0-d or full). */
export function applyUnary(op: UnaryOp, x: tf.Tensor, constant: Constant): tf.Tensor {
  switch (op) {
    case 'neg': return tf.neg(x);
    case 'sqrt': return tf.sqrt(x);
    case 'abs': return tf.abs(x);
    case 'sign': return tf.sign(x);
    case 'pow2Round': return pow2RoundOps(x, constant);
  }
}

/** See {@link applyUnary}. */
export function applyBinary(op: BinaryOp, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  switch (op) {
    case 'add': return tf.add(a, b);
    case 'sub': return tf.sub(a, b);
    case 'mul': return tf.mul(a, b);
    case 'div': return tf.div(a, b);
    case 'max': return tf.maximum(a, b);
    case 'min': return tf.minimum(a, b);
  }
}

/** `select(c, a, b)` as core's evaluator computes it: `where(c != 0, a, b)`, which picks values. */
export function applySelect(c: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.where(tf.notEqual(c, 0), a, b);
}

/**
 * Sum of squares of one slot over every binding of the call, as a 0-d tensor on the device:
 * the same ops as core's evaluator, except that one binding needs no `addN`.
 */
export function sumOfSquares(bindings: readonly (readonly tf.Tensor[])[], slot: number): tf.Tensor {
  const sums = bindings.map((binding) => tf.sum(tf.square(binding[slot]!)));
  return sums.length === 1 ? sums[0]! : tf.addN(sums);
}
