import type { Local } from '../wasm/function-body.js';
import { Op, SimdOp, ValType } from '../wasm/opcodes.js';
import type { KernelContext } from './context.js';
import { isComputed } from './element-ops.js';

/** Per uniform divisor: its float32 reciprocal, and splatted (SIMD mode). */
export interface Reciprocal {
  readonly scalar: Local;
  readonly vector: Local | undefined;
}

/** Reciprocals of the call plus the flag saying whether multiplying by them is exact. */
export interface Reciprocals {
  readonly byDivisor: ReadonlyMap<number, Reciprocal>;
  /** i32 local: 1 when every divisor is a power of two whose reciprocal is exact. */
  readonly exact: Local;
  /** i32 local: 1 when every divisor is 1 (the default batch size): `x / 1` is x, bit for bit. */
  readonly identity: Local;
}

/** Uniform nodes that divide a per-element value (`x / d`, e.g. `grad / batchSize`). */
function uniformDivisors(ctx: KernelContext): number[] {
  const found = new Set<number>();
  for (const node of ctx.program.nodes) {
    if (node.uniform || !isComputed(node) || node.op !== 'div') continue;
    const divisor = node.args[1]!;
    if (ctx.program.nodes[divisor]!.uniform) found.add(divisor);
  }
  return [...found].sort((x, y) => x - y);
}

/**
 * Division is the slowest elementwise op, and `grad / batchSize` is in every program. When a
 * uniform divisor `d` has a zero mantissa field it is ±2^k (k in [-126, 127]), ±0 or ±Infinity,
 * and `1/d` is exact (±2^-k, with 2^-127 a subnormal; ±Infinity; ±0): then `x * (1/d)` rounds
 * the same real number as `x / d`, and the IEEE special cases agree too (0*Inf and Inf*0 are
 * NaN like 0/0 and Inf/Inf), so the result is bit-identical for every x. Batch sizes 1, 32, 64...
 * take that path, and a divisor of 1 (the default batch size) needs no operation at all. This
 * emits, once per call, each divisor's reciprocal and the `exact` and `identity` flags; the
 * element loop then runs a version without the division (identity), a multiplying version
 * (exact), or the dividing one. Dropping the multiply also frees the register of its constant.
 * Undefined when the program divides by no uniform value.
 */
export function emitReciprocals(ctx: KernelContext): Reciprocals | undefined {
  const divisors = uniformDivisors(ctx);
  if (divisors.length === 0) return undefined;
  const b = ctx.body;
  const exact = b.local(ValType.i32);
  const identity = b.local(ValType.i32);
  const byDivisor = new Map<number, Reciprocal>();
  b.i32(1).set(exact);
  b.i32(1).set(identity);
  for (const divisor of divisors) {
    const d = ctx.uniform.get(divisor)!;
    // Mantissa field zero (NaN never has one).
    b.get(d).op(Op.i32ReinterpretF32).i32(0x007fffff).op(Op.i32And).op(Op.i32Eqz);
    b.get(exact).op(Op.i32And).set(exact);
    b.get(d).f32(1).op(Op.f32Eq).get(identity).op(Op.i32And).set(identity);
    const scalar = b.local(ValType.f32);
    b.f32(1).get(d).op(Op.f32Div).set(scalar);
    let vector: Local | undefined;
    if (ctx.simd) {
      vector = b.local(ValType.v128);
      b.get(scalar).simd(SimdOp.f32x4Splat).set(vector);
    }
    byDivisor.set(divisor, { scalar, vector });
  }
  return { byDivisor, exact, identity };
}
