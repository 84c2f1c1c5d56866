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
  const [a, b, c] = args as [tf.Tensor, tf.Tensor, tf.Tensor];
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
    // where() picks values: the result is one of b or c bit for bit (NaN != 0 is true).
    case 'select': return tf.where(tf.notEqual(a, 0), b, c);
    default: throw new Error(`unreachable: ${node.op}`);
  }
}

/**
 * 1 when every element of `slot` over every binding is finite, else 0, as a 0-d float32
 * tensor computed on the device (no readback): `x * 0` is 0 for a finite x and NaN for NaN
 * and ±Infinity, so the sum of those is 0 exactly when all are finite.
 */
export function allFiniteOps(bindings: readonly (readonly tf.Tensor[])[], slot: number): tf.Tensor {
  if (bindings.length === 0) return tf.scalar(1);
  const sums = bindings.map((b) => tf.sum(tf.mul(b[slot]!, 0)));
  return tf.cast(tf.equal(sums.length === 1 ? sums[0]! : tf.addN(sums), 0), 'float32');
}

/** What {@link evaluateUpdateOps} computes. */
export interface EvaluatedUpdate {
  /** Per binding, the output tensors in `program.outputs` order. */
  readonly outputs: tf.Tensor[][];
  /** The value of `program.guard` (a 0-d tensor: 0 means the call writes nothing), if it has one. */
  readonly guard: tf.Tensor | undefined;
}

/**
 * Evaluates a program with tfjs ops on the active tfjs backend: the reference every other
 * backend is tested against. Call inside `tf.tidy`; uniform nodes and reductions are computed
 * once per call. Also returns the guard's value, so a backend can count a skipped call.
 */
export function evaluateUpdateOps(
  program: UpdateProgram,
  bindings: readonly (readonly tf.Tensor[])[],
  scalars: Float32Array,
): EvaluatedUpdate {
  const uniform: (tf.Tensor | undefined)[] = new Array(program.nodes.length);
  const results: tf.Tensor[][] = [];
  const evaluate = (binding: readonly tf.Tensor[] | undefined, values: tf.Tensor[], i: number): void => {
    const node = program.nodes[i]!;
    if (node.uniform && uniform[i]) {
      values[i] = uniform[i]!;
      return;
    }
    let value: tf.Tensor;
    switch (node.op) {
      case 'tensor': value = binding![node.slot]!; break;
      case 'scalar': value = tf.scalar(scalars[node.index]!); break;
      case 'const': value = tf.scalar(node.value); break;
      case 'sumOfSquares':
        value = tf.addN(bindings.map((b) => tf.sum(tf.square(b[node.slot]!))));
        break;
      case 'allFinite': value = allFiniteOps(bindings, node.slot); break;
      default: value = apply(node, node.args.map((a) => values[a]!));
    }
    values[i] = value;
    if (node.uniform) uniform[i] = value;
  };
  for (const binding of bindings) {
    const values: tf.Tensor[] = new Array(program.nodes.length);
    program.nodes.forEach((_, i) => evaluate(binding, values, i));
    results.push(program.outputs.map((o) => {
      const value = values[o.node]!;
      const node = program.nodes[o.node]!;
      // An output that reads no tensor element (a uniform node) is a scalar: broadcast it (to
      // an empty tensor as it is: tfjs' broadcastTo makes a scalar [1] for an empty shape).
      if (node.uniform) {
        const target = binding[o.slot]!;
        return target.size === 0 ? tf.zeros(target.shape, 'float32') : tf.broadcastTo(value, target.shape);
      }
      // An output that is an input tensor itself (p = p, or a swap) must not follow the
      // Variable's data id once an earlier assign changes it: hold the current data.
      if (node.op === 'tensor') return tf.clone(value);
      return value;
    }));
  }
  let guard: tf.Tensor | undefined;
  if (program.guard !== undefined) {
    // Uniform: computed with the bindings above, or now for a call without bindings.
    const values: tf.Tensor[] = new Array(program.nodes.length);
    program.nodes.forEach((node, i) => {
      if (node.uniform) evaluate(undefined, values, i);
    });
    guard = values[program.guard];
  }
  return { outputs: results, guard };
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
  return evaluateUpdateOps(program, bindings, scalars).outputs;
}
