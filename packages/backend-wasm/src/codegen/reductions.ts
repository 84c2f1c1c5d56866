import type { Local } from '../wasm/function-body.js';
import { Op, SimdOp, ValType } from '../wasm/opcodes.js';
import { emitReadPass } from './binding-loop.js';
import type { KernelContext } from './context.js';

/**
 * Emits the reductions of the program (sums of squares over every binding of the call) before
 * the element loop: one pass over the bindings that reads every reduced slot, accumulating
 * exact float64 squares in float64 (f64x2 lanes in SIMD mode, two elements per load), then
 * rounds each sum to float32 once. Sets `ctx.reduced`.
 */
export function emitReductions(ctx: KernelContext): void {
  const slots = ctx.program.reductions;
  if (slots.length === 0) return;
  const b = ctx.body;
  const scalarSum = new Map<number, Local>();
  const vectorSums = new Map<number, [Local, Local]>();
  for (const slot of slots) {
    scalarSum.set(slot, b.local(ValType.f64)); // locals start at 0
    if (ctx.simd) vectorSums.set(slot, [b.local(ValType.v128), b.local(ValType.v128)]);
  }
  const square = ctx.scratch(ValType.f64);
  const squares = ctx.scratch(ValType.v128);

  emitReadPass(
    ctx,
    slots,
    ({ base, index }) => {
      for (const slot of slots) {
        const sums = vectorSums.get(slot)!;
        // Elements 0-1 into one f64x2 sum, elements 2-3 into the other.
        sums.forEach((sum, half) => {
          b.get(sum);
          b.get(base.get(slot)!).get(index).op(Op.i32Add).memory(SimdOp.v128Load64Zero, 8 * half, true);
          b.simd(SimdOp.f64x2PromoteLowF32x4).tee(squares).get(squares).simd(SimdOp.f64x2Mul);
          b.simd(SimdOp.f64x2Add).set(sum);
        });
      }
    },
    ({ base, index }) => {
      for (const slot of slots) {
        const sum = scalarSum.get(slot)!;
        b.get(sum);
        b.get(base.get(slot)!).get(index).op(Op.i32Add).memory(Op.f32Load, 0);
        b.op(Op.f64PromoteF32).tee(square).get(square).op(Op.f64Mul);
        b.op(Op.f64Add).set(sum);
      }
    },
  );

  for (const slot of slots) {
    const total = scalarSum.get(slot)!;
    if (ctx.simd) {
      const [low, high] = vectorSums.get(slot)!;
      b.get(low).get(high).simd(SimdOp.f64x2Add).tee(squares);
      b.simd(SimdOp.f64x2ExtractLane).code.byte(0);
      b.get(squares).simd(SimdOp.f64x2ExtractLane).code.byte(1);
      b.op(Op.f64Add).get(total).op(Op.f64Add).set(total);
    }
    const reduced = b.local(ValType.f32);
    b.get(total).op(Op.f32DemoteF64).set(reduced);
    ctx.reduced.set(slot, reduced);
  }
}
