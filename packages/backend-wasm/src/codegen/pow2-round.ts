import { POW2_ROUND_FLOOR } from '@descent/core';
import type { Local } from '../wasm/function-body.js';
import { Op, SimdOp, ValType } from '../wasm/opcodes.js';
import type { KernelContext } from './context.js';

/**
 * pow2Round by integer arithmetic: adding `0x00800000 - 0x3504f4` to the bits of a magnitude
 * `a` carries into the exponent exactly when the mantissa is >= 0x3504f4, i.e. when
 * `a > f32(sqrt 2) * 2^floor(log2 a)`; masking the exponent then leaves the power of two.
 * Infinity stays Infinity (the largest finite values round up to it, as in core); a NaN comes
 * out as garbage and is put back separately.
 */
const CARRY = 0x00800000 - 0x3504f4;
const EXPONENT_MASK = 0x7f800000;
/** The sign bit of an f32, as a signed int32. */
export const SIGN_BIT = 0x80000000 | 0;

/** The f32 bit pattern of `value` as a signed int32. */
export const f32Bits = (value: number): number => new Int32Array(new Float32Array([value]).buffer)[0]!;

/**
 * The bits of the rounded floor, `2^-72`. Rounding is monotone in the magnitude, so rounding
 * `max(|x|, floor)` is the same as `max(rounded |x|, rounded floor)`.
 */
const ROUNDED_FLOOR = (f32Bits(POW2_ROUND_FLOOR) + CARRY) & EXPONENT_MASK;

/** Emits `pow2Round(x)` on one f32 (x in a local), leaving the result on the stack. */
export function emitScalarPow2Round(ctx: KernelContext, x: Local): void {
  const b = ctx.body;
  const magnitude = ctx.scratch(ValType.f32);
  b.get(x); // kept for the NaN select below
  b.get(x).op(Op.f32Abs).f32(POW2_ROUND_FLOOR).op(Op.f32Max).op(Op.i32ReinterpretF32);
  b.i32(CARRY).op(Op.i32Add).i32(EXPONENT_MASK).op(Op.i32And).op(Op.f32ReinterpretI32);
  b.tee(magnitude).op(Op.f32Neg).get(magnitude);
  b.get(x).f32(0).op(Op.f32Lt).op(Op.select); // x < 0 ? -m : m
  b.f32(0).get(x).f32(0).op(Op.f32Ne).op(Op.select); // sign(0) * m is 0, as in neon
  b.get(x).get(x).op(Op.f32Ne).op(Op.select); // isNaN(x) ? x : rounded
}

/**
 * Emits `pow2Round(x)` on four lanes (x in a local), leaving the result on the stack, bit for
 * bit as core's except NaN payloads. Nine instructions, none of them a blend:
 * - `r = (x + CARRY) & (SIGN | EXPONENT)` rounds the magnitude with the sign bit along: the
 *   carry never reaches the sign bit of a non-NaN x, as an exponent field below 0xff plus one
 *   is at most 0xff;
 * - `i32x4.max_s(r, sign(x) | ROUNDED_FLOOR)` applies the floor: as signed integers, both
 *   positive patterns and negative ones (INT_MIN + magnitude) grow with the magnitude;
 * - `& (x != 0)` makes ±0 a +0 (neon's sgn(0) * m), and `| (x != x)` makes a NaN x a NaN
 *   (all-ones bits), as the comparison masks are all-ones or zero per lane.
 */
export function emitVectorPow2Round(ctx: KernelContext, x: Local): void {
  const b = ctx.body;
  b.get(x).v128Splat32(CARRY).simd(SimdOp.i32x4Add).v128Splat32(SIGN_BIT | EXPONENT_MASK).simd(SimdOp.v128And);
  b.get(x).v128Splat32(SIGN_BIT).simd(SimdOp.v128And).v128Splat32(ROUNDED_FLOOR).simd(SimdOp.v128Or);
  b.simd(SimdOp.i32x4MaxS);
  b.get(x).v128Splat32(0).simd(SimdOp.f32x4Ne).simd(SimdOp.v128And);
  b.get(x).get(x).simd(SimdOp.f32x4Ne).simd(SimdOp.v128Or);
}
