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
 * bit as core's except NaN payloads. Eight instructions, three constants (0 among them): each
 * constant V8 keeps in a register for the whole loop, and in a long kernel (ShiftAdaMax) the
 * ones that do not fit are reloaded from the stack at every iteration.
 * - `(x + CARRY) >>> 23` rounds the magnitude, leaving the sign in bit 8 and the exponent
 *   field in the low byte: the carry never reaches the sign bit of a non-NaN x, as an
 *   exponent field below 0xff plus one is at most 0xff;
 * - `i8x16.max_u` with the rounded floor's exponent field in the low byte (0 in the others,
 *   so the sign byte is kept) applies the floor to the exponent, then `<< 23` puts it back;
 * - `& (x != 0)` makes ±0 a +0 (neon's sgn(0) * m), and `| (x != x)` makes a NaN x a NaN
 *   (all-ones bits), as comparison masks are all-ones or zero per lane.
 */
/** The v128 constants (bit patterns) {@link emitVectorPow2Round} reads. */
export const POW2_ROUND_VECTOR_CONSTANTS: readonly number[] = [CARRY, ROUNDED_FLOOR >>> 23, 0];

export function emitVectorPow2Round(ctx: KernelContext, x: Local): void {
  const b = ctx.body;
  b.get(x);
  ctx.vectorConstant(CARRY).simd(SimdOp.i32x4Add).i32(23).simd(SimdOp.i32x4ShrU);
  ctx.vectorConstant(ROUNDED_FLOOR >>> 23).simd(SimdOp.i8x16MaxU).i32(23).simd(SimdOp.i32x4Shl);
  b.get(x);
  ctx.vectorConstant(0).simd(SimdOp.f32x4Ne).simd(SimdOp.v128And);
  b.get(x).get(x).simd(SimdOp.f32x4Ne).simd(SimdOp.v128Or);
}
