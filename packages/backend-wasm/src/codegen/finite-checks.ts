import type { Local } from '../wasm/function-body.js';
import { Op, SimdOp, ValType } from '../wasm/opcodes.js';
import { emitReadPass } from './binding-loop.js';
import type { KernelContext } from './context.js';

/**
 * Emits the finite checks of the program (`allFinite` reductions) before the element loop: one
 * pass over every binding that adds `x * 0` for every element of each checked slot. That is
 * ±0 for a finite x and NaN for NaN and ±Infinity, so the sum stays 0 exactly when every
 * element is finite (f32x4 lanes in SIMD mode, then the scalar tail). Sets `ctx.finite` to
 * f32 flags: 1 when all are finite, else 0.
 */
export function emitFiniteChecks(ctx: KernelContext): void {
  const slots = ctx.program.finiteChecks;
  if (slots.length === 0) return;
  const b = ctx.body;
  const scalarSum = new Map<number, Local>();
  const vectorSum = new Map<number, Local>();
  for (const slot of slots) {
    scalarSum.set(slot, b.local(ValType.f32)); // locals start at 0
    if (ctx.simd) vectorSum.set(slot, b.local(ValType.v128));
  }

  emitReadPass(
    ctx,
    slots,
    ({ base, index }) => {
      for (const slot of slots) {
        const sum = vectorSum.get(slot)!;
        b.get(sum);
        b.get(base.get(slot)!).get(index).op(Op.i32Add).memory(SimdOp.v128Load, 0, true);
        b.v128Splat32(0).simd(SimdOp.f32x4Mul).simd(SimdOp.f32x4Add).set(sum);
      }
    },
    ({ base, index }) => {
      for (const slot of slots) {
        const sum = scalarSum.get(slot)!;
        b.get(sum);
        b.get(base.get(slot)!).get(index).op(Op.i32Add).memory(Op.f32Load, 0);
        b.f32(0).op(Op.f32Mul).op(Op.f32Add).set(sum);
      }
    },
  );

  for (const slot of slots) {
    const sum = scalarSum.get(slot)!;
    if (ctx.simd) {
      const lanes = vectorSum.get(slot)!;
      for (let lane = 0; lane < 4; lane++) {
        b.get(sum).get(lanes).simd(SimdOp.f32x4ExtractLane).code.byte(lane);
        b.op(Op.f32Add).set(sum);
      }
    }
    const flag = b.local(ValType.f32);
    // sum == 0 ? 1 : 0 (NaN == 0 is false)
    b.f32(1).f32(0).get(sum).f32(0).op(Op.f32Eq).op(Op.select).set(flag);
    ctx.finite.set(slot, flag);
  }
}
