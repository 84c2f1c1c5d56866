import { Op, ValType } from '../wasm/opcodes.js';
import type { KernelContext } from './context.js';

/**
 * Emits, for a guarded program, the skip count: when the guard is 0 and the table holds a
 * counter offset (not 0), adds 1 to the f32 at that offset of the heap, once per call. Runs
 * after the uniforms (which compute the guard), before the element pass it skips.
 */
export function emitSkipCounter(ctx: KernelContext): void {
  const guard = ctx.program.guard;
  if (guard === undefined) return;
  const b = ctx.body;
  const counter = b.local(ValType.i32);
  b.get(ctx.table).memory(Op.i32Load, ctx.layout.scalarBytes).set(counter);
  b.get(ctx.uniform.get(guard)!).f32(0).op(Op.f32Eq);
  b.get(counter).op(Op.i32Eqz).op(Op.i32Eqz).op(Op.i32And).if(); // counter != 0
  b.get(counter);
  b.get(counter).memory(Op.f32Load, 0).f32(1).op(Op.f32Add);
  b.memory(Op.f32Store, 0);
  b.end();
}
