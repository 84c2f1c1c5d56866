import { type BinaryOp, pow2Round, type UnaryOp, type UpdateProgram } from '@descent/core';
import type { NodeRole } from './node-roles.js';

const f32 = Math.fround;

/**
 * One op in float32 on the host, with the semantics of core's evaluator on tfjs-backend-cpu
 * (the reference): + - * / and sqrt are computed in double and rounded once, which is the
 * correctly rounded float32 result; max/min propagate NaN like `Math.max`/`Math.min`; sign is
 * tfjs' Sign kernel (0 for NaN and for ±0); pow2Round is core's `pow2Round`.
 */
export function hostUnary(op: UnaryOp, x: number): number {
  switch (op) {
    case 'neg': return -x;
    case 'sqrt': return f32(Math.sqrt(x));
    case 'abs': return Math.abs(x);
    case 'sign': return x < 0 ? -1 : x > 0 ? 1 : 0;
    case 'pow2Round': return pow2Round(x);
  }
}

/** See {@link hostUnary}. */
export function hostBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add': return f32(a + b);
    case 'sub': return f32(a - b);
    case 'mul': return f32(a * b);
    case 'div': return f32(a / b);
    case 'max': return Math.max(a, b);
    case 'min': return Math.min(a, b);
  }
}

/** Computes every `host` node of `program` for this call's scalars, into `out` (by node index). */
export function evaluateHostNodes(
  program: UpdateProgram,
  roles: readonly NodeRole[],
  scalars: Float32Array,
  out: Float64Array,
): void {
  const nodes = program.nodes;
  for (let i = 0; i < nodes.length; i++) {
    if (roles[i] !== 'host') continue;
    const node = nodes[i]!;
    switch (node.op) {
      case 'scalar': out[i] = scalars[node.index]!; break;
      case 'const': out[i] = node.value; break;
      case 'tensor':
      case 'sumOfSquares':
      case 'allFinite':
        throw new Error(`unreachable: ${node.op} is never a host node`);
      case 'select':
        // Picks a value; NaN counts as nonzero, as in tfjs' notEqual.
        out[i] = out[node.args[0]] !== 0 ? out[node.args[1]]! : out[node.args[2]]!;
        break;
      default:
        out[i] = node.args.length === 1
          ? hostUnary(node.op as UnaryOp, out[node.args[0]]!)
          : hostBinary(node.op as BinaryOp, out[node.args[0]]!, out[node.args[1]!]!);
    }
  }
}
