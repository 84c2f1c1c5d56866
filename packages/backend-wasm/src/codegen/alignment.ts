import type { Local } from '../wasm/function-body.js';
import { Op, ValType } from '../wasm/opcodes.js';
import type { BindingFrame } from './binding-loop.js';
import type { KernelContext } from './context.js';

/**
 * Emits the byte count of a binding's scalar head: how many elements (0 or 2, as bytes) to do
 * one at a time before the f32x4 loop so that most of the binding's accesses are 16-byte
 * aligned, capped at the binding's length.
 *
 * tfjs-wasm allocates every tensor with malloc, 8-byte aligned: each of a binding's arrays
 * starts at 0 or 8 modulo 16, independently of the others. An f32x4 access at 8 modulo 16
 * crosses a cache line every fourth time, which costs 5-15% of a step in cache (measured on
 * Adam and GradientDescentMomentum at 1e5 floats). One head cannot align arrays of both
 * kinds, so the arrays vote, weighted by their accesses per element (a slot read and written
 * counts twice): a majority at 8 modulo 16 gets a head of two elements. Any other residue
 * (tensors at 4-byte offsets) just loses the vote; the result is the same either way.
 */
export function emitAlignedHead(ctx: KernelContext, frame: BindingFrame, head: Local): void {
  const b = ctx.body;
  const weights = new Map<number, number>();
  for (const node of ctx.program.nodes) if (node.op === 'tensor') weights.set(node.slot, 1);
  for (const output of ctx.program.outputs) weights.set(output.slot, (weights.get(output.slot) ?? 0) + 1);
  let total = 0;
  b.i32(8).i32(0);
  // Σ weight * (base & 8) > 8 * Σ weight / 2
  b.i32(0);
  for (const [slot, weight] of weights) {
    const base = frame.base.get(slot);
    if (base === undefined) continue;
    total += weight;
    b.get(base).i32(8).op(Op.i32And);
    if (weight > 1) b.i32(weight).op(Op.i32Mul);
    b.op(Op.i32Add);
  }
  b.i32(1).op(Op.i32Shl).i32(8 * total).op(Op.i32GtU);
  b.op(Op.select).set(head);
  // min(head, byteLength)
  b.get(head).get(frame.byteLength).get(head).get(frame.byteLength).op(Op.i32LtU).op(Op.select).set(head);
}

/**
 * Emits `scalar(limit)` over the head, `vector(end)` over the whole f32x4 groups after it, then
 * `scalar(limit)` again over the tail, with the scalar body emitted once (modules stay small:
 * browsers compile modules over 4 KB only asynchronously). `frame.index` runs through all three.
 */
export function emitHeadVectorTail(
  ctx: KernelContext,
  frame: BindingFrame,
  groupBytes: number,
  scalar: (limit: Local) => void,
  vector: (end: Local) => void,
): void {
  const b = ctx.body;
  const limit = b.local(ValType.i32);
  const end = b.local(ValType.i32);
  emitAlignedHead(ctx, frame, limit);
  b.block();
  b.loop();
  scalar(limit);
  // After the tail: done.
  b.get(limit).get(frame.byteLength).op(Op.i32Eq).brIf(1);
  // end = limit + ((byteLength - limit) & -groupBytes)
  b.get(limit).get(frame.byteLength).get(limit).op(Op.i32Sub).i32(-groupBytes).op(Op.i32And).op(Op.i32Add).set(end);
  vector(end);
  b.get(frame.byteLength).set(limit);
  b.br(0);
  b.end();
  b.end();
}
