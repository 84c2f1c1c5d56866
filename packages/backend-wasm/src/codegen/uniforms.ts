import { Op, SimdOp, ValType } from '../wasm/opcodes.js';
import type { KernelContext } from './context.js';
import { emitComputed, isComputed } from './element-ops.js';

/**
 * Emits the uniform (loop-invariant) nodes once per call, as f32: per-step scalars read from
 * the table, constants, reductions, and anything computed from them only. In SIMD mode, the
 * uniform values the element loop reads are then splatted once into f32x4 locals.
 */
export function emitUniforms(ctx: KernelContext): void {
  const b = ctx.body;
  const { nodes, outputs } = ctx.program;
  nodes.forEach((node, i) => {
    if (!node.uniform) return;
    const local = b.local(ValType.f32);
    if (isComputed(node)) {
      emitComputed(ctx, node, 'scalar', (a) => ctx.uniform.get(a)!);
    } else {
      switch (node.op) {
        case 'scalar':
          b.get(ctx.table).memory(Op.f32Load, 4 * node.index);
          break;
        case 'const':
          b.f32(node.value);
          break;
        case 'allFinite': {
          const flag = ctx.finite.get(node.slot);
          if (flag === undefined) throw new Error(`unreachable: finite check of slot ${node.slot} not emitted`);
          b.get(flag);
          break;
        }
        case 'sumOfSquares': {
          const reduced = ctx.reduced.get(node.slot);
          if (reduced === undefined) throw new Error(`unreachable: reduction of slot ${node.slot} not emitted`);
          b.get(reduced);
          break;
        }
      }
    }
    b.set(local);
    ctx.uniform.set(i, local);
  });

  if (!ctx.simd) return;
  const readInLoop = new Set<number>();
  for (const node of nodes) {
    if (node.uniform || !isComputed(node)) continue;
    for (const a of node.args) if (nodes[a]!.uniform) readInLoop.add(a);
  }
  for (const output of outputs) if (nodes[output.node]!.uniform) readInLoop.add(output.node);
  for (const i of [...readInLoop].sort((x, y) => x - y)) {
    const local = b.local(ValType.v128);
    b.get(ctx.uniform.get(i)!).simd(SimdOp.f32x4Splat).set(local);
    ctx.splat.set(i, local);
  }
}
