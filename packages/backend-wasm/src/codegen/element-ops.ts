import type { BinaryOp, ProgramNode, UnaryOp } from '@descent/core';
import type { Local } from '../wasm/function-body.js';
import { Op, SimdOp, ValType } from '../wasm/opcodes.js';
import type { KernelContext } from './context.js';
import { emitScalarPow2Round, emitVectorPow2Round, f32Bits, POW2_ROUND_VECTOR_CONSTANTS, SIGN_BIT } from './pow2-round.js';

/** Whether code works on one f32 or on four lanes of an f32x4. */
export type Flavor = 'scalar' | 'vector';

const SCALAR_BINARY: Record<BinaryOp, number> = {
  add: Op.f32Add,
  sub: Op.f32Sub,
  mul: Op.f32Mul,
  div: Op.f32Div,
  max: Op.f32Max,
  min: Op.f32Min,
};
const VECTOR_BINARY: Record<BinaryOp, number> = {
  add: SimdOp.f32x4Add,
  sub: SimdOp.f32x4Sub,
  mul: SimdOp.f32x4Mul,
  div: SimdOp.f32x4Div,
  // f32x4.min/max propagate NaN and order -0 < +0, like Math.min/max. The element loop emits
  // equivalent, cheaper sequences instead (see emitVectorMinMax); these serve emitBinary.
  max: SimdOp.f32x4Max,
  min: SimdOp.f32x4Min,
};

type ComputedNode = Extract<ProgramNode, { readonly args: readonly number[] }>;
type UnaryNode = Extract<ComputedNode, { readonly args: readonly [number] }>;
type SelectNode = Extract<ComputedNode, { readonly op: 'select' }>;
type BinaryNode = Exclude<ComputedNode, UnaryNode | SelectNode>;

const UNARY_OPS: ReadonlySet<string> = new Set<UnaryOp>(['neg', 'sqrt', 'abs', 'sign', 'pow2Round']);

/** Whether a node computes something from earlier nodes (not a leaf). */
export function isComputed(node: ProgramNode): node is ComputedNode {
  return 'args' in node;
}

/** Emits a computed node whose arguments are in locals (`value(i)`), leaving the result on the stack. */
export function emitComputed(ctx: KernelContext, node: ComputedNode, flavor: Flavor, value: (node: number) => Local): void {
  if (UNARY_OPS.has(node.op)) {
    emitUnary(ctx, (node as UnaryNode).op, flavor, value(node.args[0]));
  } else if (node.op === 'select') {
    const [c, a, x] = (node as SelectNode).args;
    emitSelect(ctx, flavor, value(c), value(a), value(x));
  } else {
    const binary = node as BinaryNode;
    if (flavor === 'vector' && (binary.op === 'min' || binary.op === 'max')) {
      emitVectorMinMax(ctx, binary.op, binary.args[0], binary.args[1], value);
    } else {
      emitBinary(ctx, binary.op, flavor, value(binary.args[0]), value(binary.args[1]));
    }
  }
}

/**
 * The float32 value of a constant node that lets `op(x, c)` be a single `f32x4.pmin/pmax`
 * (`c < x ? c : x` / `x < c ? c : x`), or undefined. That is exact (Math.min/max semantics)
 * for every x when c is not NaN (a NaN x is returned as is) and c is not the zero that would
 * have to win a tie of zeros: +0 for max (max(-0, +0) is +0, pmax gives x = -0), -0 for min.
 */
function pseudoOperand(ctx: KernelContext, op: 'min' | 'max', node: number): number | undefined {
  const n = ctx.program.nodes[node]!;
  if (n.op !== 'const') return undefined;
  const c = Math.fround(n.value);
  return Number.isNaN(c) || Object.is(c, op === 'max' ? 0 : -0) ? undefined : c;
}

/**
 * `min(x, y)` / `max(x, y)` on f32x4 with Math.min/max semantics (NaN if either is NaN,
 * -0 < +0), bit for bit except NaN payloads (any NaN is as good as another, here and in
 * tfjs). V8 lowers f32x4.min/max on x64 to 7-8 dependent instructions (about 10-13 cycles of
 * latency); chained, as in a clip, they fill the out-of-order window and make a kernel
 * latency-bound. The pseudo-min/max (`f32x4.pmin/pmax`, one minps/maxps each) only differ
 * from min/max on NaN and on ties of zeros, so:
 * - against a constant that is not NaN and not the winning zero: one pmin/pmax;
 * - min: `pmin(x, y) | pmin(y, x)`: the two agree but on a tie of zeros (OR gives -0 if either
 *   is -0) and on a NaN, which one of them returns and OR keeps a NaN;
 * - max where one operand, y, is never -0 (e.g. `max(b*u, |g|)`, see neverNegativeZero):
 *   `pmax(y, x) | (x != x)`: `y < x ? x : y` returns a NaN y, gives y = +0 on a tie of zeros
 *   (+0 is then the right answer), and misses only a NaN x, whose mask's all-ones bits are a NaN;
 * - max: `(pmax(x, y) & pmax(y, x)) | (pmax(x, y) != pmax(y, x))`: AND gives +0 on a tie of
 *   zeros (where the two compare equal), and the two differ exactly when one is a NaN, where
 *   the mask's all-ones bits are a NaN.
 */
function emitVectorMinMax(ctx: KernelContext, op: 'min' | 'max', lhs: number, rhs: number, value: (node: number) => Local): void {
  const b = ctx.body;
  const pseudo = op === 'max' ? SimdOp.f32x4Pmax : SimdOp.f32x4Pmin;
  if (pseudoOperand(ctx, op, rhs) !== undefined) {
    b.get(value(lhs)).get(value(rhs)).simd(pseudo);
    return;
  }
  if (pseudoOperand(ctx, op, lhs) !== undefined) {
    b.get(value(rhs)).get(value(lhs)).simd(pseudo);
    return;
  }
  const x = value(lhs);
  const y = value(rhs);
  if (op === 'min') {
    b.get(x).get(y).simd(pseudo);
    b.get(y).get(x).simd(pseudo);
    b.simd(SimdOp.v128Or);
    return;
  }
  const noNegativeZero = ctx.neverNegativeZero;
  if (op === 'max' && (noNegativeZero[lhs]! || noNegativeZero[rhs]!)) {
    // y: the operand that is never -0; x: the other one.
    const [yy, xx] = noNegativeZero[rhs] ? [y, x] : [x, y];
    b.get(yy).get(xx).simd(pseudo);
    b.get(xx).get(xx).simd(SimdOp.f32x4Ne);
    b.simd(SimdOp.v128Or);
    return;
  }
  const xy = ctx.scratch(ValType.v128, 1);
  const yx = ctx.scratch(ValType.v128, 2);
  b.get(x).get(y).simd(pseudo).set(xy);
  b.get(y).get(x).simd(pseudo).tee(yx);
  b.get(xy).simd(SimdOp.v128And);
  b.get(xy).get(yx).simd(SimdOp.f32x4Ne);
  b.simd(SimdOp.v128Or);
}

/** Emits `cond != 0 ? a : b` (NaN counts as nonzero), leaving the result on the stack. Picks bits, computes nothing. */
export function emitSelect(ctx: KernelContext, flavor: Flavor, cond: Local, a: Local, b: Local): void {
  const body = ctx.body;
  body.get(a).get(b).get(cond);
  if (flavor === 'scalar') body.f32(0).op(Op.f32Ne).op(Op.select);
  else ctx.vectorConstant(0).simd(SimdOp.f32x4Ne).simd(SimdOp.v128Bitselect);
}

/** The v128 constants (bit patterns) the SIMD code of `op` reads, see KernelContext.hoistVectorConstant. */
export function vectorConstantsOf(op: ProgramNode['op']): readonly number[] {
  switch (op) {
    case 'neg':
    case 'abs':
      return [SIGN_BIT];
    case 'sign':
      return [0, f32Bits(-1), f32Bits(1)];
    case 'select':
      return [0];
    case 'pow2Round':
      return POW2_ROUND_VECTOR_CONSTANTS;
    default:
      return [];
  }
}

/** Emits `lhs op rhs` (both in locals), leaving the result on the stack. */
export function emitBinary(ctx: KernelContext, op: BinaryOp, flavor: Flavor, lhs: Local, rhs: Local): void {
  const b = ctx.body;
  b.get(lhs).get(rhs);
  if (flavor === 'scalar') b.op(SCALAR_BINARY[op]);
  else b.simd(VECTOR_BINARY[op]);
}

/** Emits `op(x)` (x in a local), leaving the result on the stack. */
export function emitUnary(ctx: KernelContext, op: UnaryOp, flavor: Flavor, x: Local): void {
  if (flavor === 'scalar') emitScalarUnary(ctx, op, x);
  else emitVectorUnary(ctx, op, x);
}

function emitScalarUnary(ctx: KernelContext, op: UnaryOp, x: Local): void {
  const b = ctx.body;
  switch (op) {
    case 'neg': b.get(x).op(Op.f32Neg); return;
    case 'abs': b.get(x).op(Op.f32Abs); return;
    case 'sqrt': b.get(x).op(Op.f32Sqrt); return;
    case 'sign':
      // x < 0 ? -1 : x > 0 ? 1 : 0 (NaN and -0 give 0, as tfjs' sign kernel does).
      b.f32(-1).f32(1).f32(0).get(x).f32(0).op(Op.f32Gt).op(Op.select);
      b.get(x).f32(0).op(Op.f32Lt).op(Op.select);
      return;
    case 'pow2Round':
      emitScalarPow2Round(ctx, x);
      return;
  }
}

function emitVectorUnary(ctx: KernelContext, op: UnaryOp, x: Local): void {
  const b = ctx.body;
  switch (op) {
    // V8 (x64) builds the masks of f32x4.neg/abs with two instructions at every use; a
    // v128 constant is materialised once, outside the loop.
    case 'neg':
      b.get(x);
      ctx.vectorConstant(SIGN_BIT).simd(SimdOp.v128Xor);
      return;
    case 'abs':
      b.get(x);
      ctx.vectorConstant(SIGN_BIT).simd(SimdOp.v128AndNot);
      return;
    case 'sqrt': b.get(x).simd(SimdOp.f32x4Sqrt); return;
    case 'sign':
      b.get(x);
      ctx.vectorConstant(0).simd(SimdOp.f32x4Lt);
      ctx.vectorConstant(f32Bits(-1)).simd(SimdOp.v128And);
      b.get(x);
      ctx.vectorConstant(0).simd(SimdOp.f32x4Gt);
      ctx.vectorConstant(f32Bits(1)).simd(SimdOp.v128And);
      b.simd(SimdOp.v128Or);
      return;
    case 'pow2Round':
      emitVectorPow2Round(ctx, x);
      return;
  }
}
