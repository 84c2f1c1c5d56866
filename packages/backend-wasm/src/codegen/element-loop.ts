import type { Local } from '../wasm/function-body.js';
import { Op, SimdOp, ValType } from '../wasm/opcodes.js';
import { emitHeadVectorTail } from './alignment.js';
import { type BindingFrame, emitBindingLoop, emitPointerLoop, emitStridedLoop } from './binding-loop.js';
import type { KernelContext } from './context.js';
import { emitBinary, emitComputed, type Flavor, isComputed, vectorConstantsOf } from './element-ops.js';
import { emitReciprocals, type Reciprocals } from './reciprocals.js';

/** How the element loop does `x / d` for a uniform d: see emitReciprocals. */
type Divisors = 'divide' | { readonly byDivisor: Reciprocals['byDivisor']; readonly identity: boolean };

/** Addresses slots at `base + index` (see emitPointerLoop for the other way). */
const indexed = (ctx: KernelContext, frame: BindingFrame) => (slot: number): void => {
  ctx.body.get(frame.base.get(slot)!).get(frame.index).op(Op.i32Add);
};

/** Every tensor slot the element loop reads or writes, ascending. */
function elementSlots(ctx: KernelContext): number[] {
  const slots = new Set<number>();
  for (const node of ctx.program.nodes) if (node.op === 'tensor') slots.add(node.slot);
  for (const output of ctx.program.outputs) slots.add(output.slot);
  return [...slots].sort((x, y) => x - y);
}

/**
 * Emits the per-element DAG once for `flavor`: every tensor input it needs is loaded once,
 * every node computed once into a local (common subexpressions were shared by the IR compiler), then every
 * output stored in place. All loads precede all stores, so outputs may alias inputs.
 */
function emitElement(
  ctx: KernelContext,
  address: (slot: number) => void,
  flavor: Flavor,
  values: Map<number, Local>,
  divisors: Divisors,
  offset = 0,
): void {
  const b = ctx.body;
  const vector = flavor === 'vector';
  const value = (i: number): Local => {
    const node = ctx.program.nodes[i]!;
    const local = node.uniform ? (vector ? ctx.splat : ctx.uniform).get(i) : values.get(i);
    if (local === undefined) throw new Error(`unreachable: node ${i} has no value`);
    return local;
  };

  const localOf = (i: number): Local => {
    let local = values.get(i);
    if (local === undefined) {
      local = b.local(vector ? ValType.v128 : ValType.f32);
      values.set(i, local);
    }
    return local;
  };
  // Each tensor is loaded just before its first use, not all up front: V8 keeps wasm loads in
  // program order, and a value loaded early but used late (the parameter, used by the last
  // nodes) is spilled to the stack and reloaded when registers run short.
  const loaded = new Set<number>();
  const load = (i: number): void => {
    const node = ctx.program.nodes[i]!;
    if (node.op !== 'tensor' || loaded.has(i)) return;
    loaded.add(i);
    address(node.slot);
    b.memory(vector ? SimdOp.v128Load : Op.f32Load, offset, vector);
    b.set(localOf(i));
  };

  ctx.program.nodes.forEach((node, i) => {
    if (node.uniform || node.op === 'tensor') return;
    const guarded = node.op === 'select' && node.args[0] === ctx.program.guard;
    if (guarded) load(node.args[1]);
    else if (isComputed(node)) for (const a of node.args) load(a);
    const local = localOf(i);
    if (guarded) {
      // The element pass only runs when the guard is nonzero (see emitElementLoop): the
      // guarded select is its new value.
      b.get(value(node.args[1]));
    } else if (isComputed(node)) {
      const reciprocal = node.op === 'div' && divisors !== 'divide' ? divisors.byDivisor.get(node.args[1]) : undefined;
      if (reciprocal !== undefined && divisors !== 'divide' && divisors.identity) {
        b.get(value(node.args[0])); // x / 1
      } else if (reciprocal !== undefined) {
        emitBinary(ctx, 'mul', flavor, value(node.args[0]), vector ? reciprocal.vector! : reciprocal.scalar);
      } else {
        emitComputed(ctx, node, flavor, value);
      }
    } else {
      throw new Error(`unreachable: uniform node ${i} in the element loop`);
    }
    b.set(local);
  });

  for (const output of ctx.program.outputs) load(output.node);
  for (const output of ctx.program.outputs) {
    address(output.slot);
    b.get(value(output.node));
    b.memory(vector ? SimdOp.v128Store : Op.f32Store, offset, vector);
  }
}

/**
 * Emits the element pass: for every binding, in SIMD mode, a scalar head of 0-2 elements that
 * aligns most of its arrays (see emitAlignedHead), an f32x4 loop over eight elements at a time,
 * then a scalar loop over the remaining elements; in scalar mode, a scalar loop over all.
 * When the program divides by uniform values, the main loop comes in three versions, chosen
 * once per call: divisors all 1 (no operation), multiplying by exact reciprocals (power-of-two
 * divisors), or dividing.
 * A guarded program runs the pass only when its guard is nonzero (else nothing is written).
 */
export function emitElementLoop(ctx: KernelContext): void {
  const b = ctx.body;
  const reciprocals = emitReciprocals(ctx);
  const vectorValues = new Map<number, Local>();
  const scalarValues = new Map<number, Local>();
  const mainLoop = (frame: BindingFrame, end: Local, flavor: Flavor): void => {
    const values = flavor === 'vector' ? vectorValues : scalarValues;
    const loop = (divisors: Divisors): void => {
      if (flavor === 'scalar') {
        emitStridedLoop(ctx, frame.index, end, 4, () => emitElement(ctx, indexed(ctx, frame), flavor, values, divisors));
        return;
      }
      if (divisors === 'divide' && reciprocals !== undefined) {
        // The rare version (a batch size that is not a power of two): one f32x4 at a time,
        // which keeps the module small (browsers compile modules over 4 KB only asynchronously).
        emitStridedLoop(ctx, frame.index, end, 16, () => emitElement(ctx, indexed(ctx, frame), flavor, values, divisors));
        return;
      }
      // Two f32x4 per iteration (the second through the memarg offset, so it shares the
      // first's addresses): V8 keeps a stack check, the loop counter and the reloads of
      // spilled constants per iteration, which this halves.
      emitPointerLoop(ctx, frame, end, 32, (address) => {
        emitElement(ctx, address, flavor, values, divisors, 0);
        emitElement(ctx, address, flavor, values, divisors, 16);
      });
    };
    if (reciprocals === undefined) {
      loop('divide');
      return;
    }
    const { byDivisor } = reciprocals;
    b.get(reciprocals.identity).if();
    loop({ byDivisor, identity: true });
    b.else();
    b.get(reciprocals.exact).if();
    loop({ byDivisor, identity: false });
    b.else();
    loop('divide');
    b.end();
    b.end();
  };
  if (ctx.simd) {
    for (const node of ctx.program.nodes) if (!node.uniform) for (const bits of vectorConstantsOf(node.op)) ctx.hoistVectorConstant(bits);
  }
  // A guarded program writes nothing when its guard is 0: skip the whole element pass.
  const guard = ctx.program.guard;
  if (guard !== undefined) b.get(ctx.uniform.get(guard)!).f32(0).op(Op.f32Ne).if();
  emitBindingLoop(ctx, elementSlots(ctx), (frame) => {
    if (ctx.simd) {
      // A scalar head (aligning most arrays), eight elements at a time, the remaining 0-7.
      emitHeadVectorTail(
        ctx,
        frame,
        32,
        (limit) => emitStridedLoop(ctx, frame.index, limit, 4, () => emitElement(ctx, indexed(ctx, frame), 'scalar', scalarValues, 'divide')),
        (end) => mainLoop(frame, end, 'vector'),
      );
    } else {
      mainLoop(frame, frame.byteLength, 'scalar');
    }
  });
  if (guard !== undefined) b.end();
}
