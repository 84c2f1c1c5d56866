import type { Local } from '../wasm/function-body.js';
import { Op, ValType } from '../wasm/opcodes.js';
import type { KernelContext } from './context.js';

/** What a per-binding body can use: heap byte offsets of slots, the byte length, the index. */
export interface BindingFrame {
  /** Per slot that was asked for: the heap byte offset of that binding's tensor. */
  readonly base: ReadonlyMap<number, Local>;
  /** Byte length of every tensor of the binding (4 * element count). */
  readonly byteLength: Local;
  /** Running byte index into every tensor, starting at 0. */
  readonly index: Local;
}

/**
 * Emits `for each binding of the table { load its descriptor; body }`. The body gets the
 * descriptor's offsets for `slots` in locals, and an index local set to 0.
 */
export function emitBindingLoop(ctx: KernelContext, slots: readonly number[], body: (frame: BindingFrame) => void): void {
  const b = ctx.body;
  const descriptor = b.local(ValType.i32);
  const remaining = b.local(ValType.i32);
  const byteLength = b.local(ValType.i32);
  const index = b.local(ValType.i32);
  const base = new Map<number, Local>();
  for (const slot of slots) base.set(slot, b.local(ValType.i32));

  b.get(ctx.table).i32(ctx.layout.headerBytes).op(Op.i32Add).set(descriptor);
  b.get(ctx.count).set(remaining);
  b.block();
  b.get(remaining).op(Op.i32Eqz).brIf(0);
  b.loop();
  {
    // byteLength = count << 2; base[slot] = offset of that slot.
    b.get(descriptor).memory(Op.i32Load, 0).i32(2).op(Op.i32Shl).set(byteLength);
    for (const [slot, local] of base) b.get(descriptor).memory(Op.i32Load, ctx.layout.slotOffset(slot)).set(local);
    b.i32(0).set(index);
    body({ base, byteLength, index });
    b.get(descriptor).i32(ctx.layout.descriptorBytes).op(Op.i32Add).set(descriptor);
    b.get(remaining).i32(1).op(Op.i32Sub).tee(remaining);
    b.brIf(0);
  }
  b.end();
  b.end();
}

/**
 * Emits `while (index < limit) { body; index += step }` as a guarded do-while loop.
 * `limit` is a local holding a byte count; the body must not change `index`.
 */
export function emitStridedLoop(ctx: KernelContext, index: Local, limit: Local, step: number, body: () => void): void {
  const b = ctx.body;
  b.block();
  b.get(index).get(limit).op(Op.i32GeU).brIf(0);
  b.loop();
  body();
  b.get(index).i32(step).op(Op.i32Add).tee(index);
  b.get(limit).op(Op.i32LtU).brIf(0);
  b.end();
  b.end();
}
