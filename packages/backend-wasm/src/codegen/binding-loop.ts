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
 * Emits a read-only pass over every binding of the table through `slots` (the reductions and
 * finite checks that run before the element loop): in SIMD mode `vector` for every whole group
 * of four elements (16 bytes), then `scalar` for each element left (all of them in scalar
 * mode). Both get the binding's frame, its `index` at the group or element to read.
 */
export function emitReadPass(
  ctx: KernelContext,
  slots: readonly number[],
  vector: (frame: BindingFrame) => void,
  scalar: (frame: BindingFrame) => void,
): void {
  const b = ctx.body;
  emitBindingLoop(ctx, slots, (frame) => {
    if (ctx.simd) {
      const vectorEnd = b.local(ValType.i32);
      b.get(frame.byteLength).i32(-16).op(Op.i32And).set(vectorEnd);
      emitStridedLoop(ctx, frame.index, vectorEnd, 16, () => vector(frame));
    }
    emitStridedLoop(ctx, frame.index, frame.byteLength, 4, () => scalar(frame));
  });
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

/**
 * Emits `while (index < limit) { body; index += step }` like {@link emitStridedLoop}, but the
 * body addresses each slot through its own pointer, advanced by `step` per iteration, instead
 * of `base + index`: V8 (x64) turns `base + index` into an lea per slot and iteration, and with
 * five or more slots runs out of general registers and reloads the bases from the stack at
 * every iteration. Pointers need one add each and no temporaries. `index` is set to where the
 * loop stopped afterwards.
 */
export function emitPointerLoop(
  ctx: KernelContext,
  frame: BindingFrame,
  limit: Local,
  step: number,
  body: (address: (slot: number) => void) => void,
): void {
  const b = ctx.body;
  const slots = [...frame.base.keys()];
  const pointers = new Map(slots.map((slot) => [slot, b.local(ValType.i32)] as const));
  const first = slots[0]!;
  const stop = b.local(ValType.i32);
  for (const slot of slots) b.get(frame.base.get(slot)!).get(frame.index).op(Op.i32Add).set(pointers.get(slot)!);
  b.get(frame.base.get(first)!).get(limit).op(Op.i32Add).set(stop);
  b.block();
  b.get(pointers.get(first)!).get(stop).op(Op.i32GeU).brIf(0);
  b.loop();
  body((slot) => b.get(pointers.get(slot)!));
  for (const slot of slots.slice(1)) b.get(pointers.get(slot)!).i32(step).op(Op.i32Add).set(pointers.get(slot)!);
  b.get(pointers.get(first)!).i32(step).op(Op.i32Add).tee(pointers.get(first)!);
  b.get(stop).op(Op.i32LtU).brIf(0);
  b.end();
  b.end();
  b.get(pointers.get(first)!).get(frame.base.get(first)!).op(Op.i32Sub).set(frame.index);
}
