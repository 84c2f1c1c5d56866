import * as tf from '@tensorflow/tfjs-core';
import { POW2_ROUND_FLOOR } from './expr.js';
import type { ProgramNode, UpdateProgram } from './program.js';

const SQRT2_F32 = Math.fround(Math.SQRT2);

/** neon's AP2 as tfjs ops; see `pow2Round` in expr.ts for why the comparison is exact. */
function pow2RoundOps(x: tf.Tensor): tf.Tensor {
  const a = tf.maximum(tf.abs(x), POW2_ROUND_FLOOR);
  let p: tf.Tensor = tf.pow(2, tf.floor(tf.div(tf.log(a), Math.LN2)));
  // log() is not exact: correct p to the power of two at or just below a.
  p = tf.where(tf.greater(p, a), tf.div(p, 2), p);
  p = tf.where(tf.lessEqual(tf.mul(p, 2), a), tf.mul(p, 2), p);
  const rounded = tf.where(tf.greater(a, tf.mul(p, SQRT2_F32)), tf.mul(p, 2), p);
  // neon multiplies by sgn(x): negative stays negative, and 0 maps to 0 (not to 2^-72).
  return tf.mul(tf.sign(x), rounded);
}

function apply(node: ProgramNode, args: tf.Tensor[]): tf.Tensor {
  const [a, b] = args as [tf.Tensor, tf.Tensor];
  switch (node.op) {
    case 'neg': return tf.neg(a);
    case 'sqrt': return tf.sqrt(a);
    case 'abs': return tf.abs(a);
    case 'sign': return tf.sign(a);
    case 'pow2Round': return pow2RoundOps(a);
    case 'add': return tf.add(a, b);
    case 'sub': return tf.sub(a, b);
    case 'mul': return tf.mul(a, b);
    case 'div': return tf.div(a, b);
    case 'max': return tf.maximum(a, b);
    case 'min': return tf.minimum(a, b);
    default: throw new Error(`unreachable: ${node.op}`);
  }
}

/**
 * Evaluates a program with tfjs ops on the active tfjs backend: the reference every other
 * backend is tested against. Returns, per binding, the output tensors in `program.outputs`
 * order. Call inside `tf.tidy`; uniform nodes and reductions are computed once per call.
 */
export function evaluateProgramOps(
  program: UpdateProgram,
  bindings: readonly (readonly tf.Tensor[])[],
  scalars: Float32Array,
): tf.Tensor[][] {
  const uniform: (tf.Tensor | undefined)[] = new Array(program.nodes.length);
  const results: tf.Tensor[][] = [];
  for (const binding of bindings) {
    const values: tf.Tensor[] = new Array(program.nodes.length);
    program.nodes.forEach((node, i) => {
      if (node.uniform && uniform[i]) {
        values[i] = uniform[i]!;
        return;
      }
      let value: tf.Tensor;
      switch (node.op) {
        case 'tensor': value = binding[node.slot]!; break;
        case 'scalar': value = tf.scalar(scalars[node.index]!); break;
        case 'const': value = tf.scalar(node.value); break;
        case 'sumOfSquares':
          value = tf.addN(bindings.map((b) => tf.sum(tf.square(b[node.slot]!))));
          break;
        default: value = apply(node, node.args.map((a) => values[a]!));
      }
      values[i] = value;
      if (node.uniform) uniform[i] = value;
    });
    results.push(program.outputs.map((o) => {
      const value = values[o.node]!;
      const node = program.nodes[o.node]!;
      // An output that reads no tensor element (a uniform node) is a scalar: broadcast it.
      if (node.uniform) return tf.broadcastTo(value, binding[o.slot]!.shape);
      // An output that is an input tensor itself (p = p, or a swap) must not follow the
      // Variable's data id once an earlier assign changes it: hold the current data.
      if (node.op === 'tensor') return tf.clone(value);
      return value;
    }));
  }
  return results;
}
