import { InvalidUpdateError } from '../errors.js';
import type { BinaryOp, Expr, ExprNode, UnaryOp } from './expr.js';

/**
 * A node of a compiled program. `args` index earlier nodes (the list is in topological
 * order, common subexpressions shared). `uniform` nodes do not depend on any tensor element,
 * so a backend computes them once per call (hoisted out of the loop).
 */
export type ProgramNode =
  | { readonly op: 'tensor'; readonly slot: number; readonly uniform: false }
  | { readonly op: 'scalar'; readonly index: number; readonly uniform: true }
  | { readonly op: 'const'; readonly value: number; readonly uniform: true }
  | { readonly op: 'sumOfSquares'; readonly slot: number; readonly uniform: true }
  | { readonly op: UnaryOp; readonly args: readonly [number]; readonly uniform: boolean }
  | { readonly op: BinaryOp; readonly args: readonly [number, number]; readonly uniform: boolean };

/** One result of a program: node `node` is written, in place, into tensor slot `slot`. */
export interface ProgramOutput {
  readonly slot: number;
  readonly node: number;
}

/**
 * A fused update, ready for a backend: what it reads (tensor slots, per-step scalars,
 * reductions), the straight-line code, and what it writes. Every element is read before any
 * is written, so updating in place is safe.
 */
export interface UpdateProgram {
  /** A label for messages and kernel names. */
  readonly name: string;
  /** Structural identity: two programs with the same key compile to the same kernel. */
  readonly key: string;
  /** Tensor slot names, in binding order. */
  readonly tensors: readonly string[];
  /** Per-step scalar names, in the order their values are passed. */
  readonly scalars: readonly string[];
  readonly nodes: readonly ProgramNode[];
  readonly outputs: readonly ProgramOutput[];
  /** Slots whose sum of squares over every parameter of the call the program reads. */
  readonly reductions: readonly number[];
}

/** What {@link compileProgram} needs. */
export interface ProgramSource {
  readonly name: string;
  readonly tensors: readonly string[];
  /** Slots that are read-only inputs (e.g. the gradient); outputs may not target them. */
  readonly readOnly: readonly string[];
  readonly scalars: readonly string[];
  readonly outputs: Readonly<Record<string, Expr>>;
}

/** Linearises output expressions into a program with shared subexpressions. */
export function compileProgram(source: ProgramSource): UpdateProgram {
  const tensorSlot = new Map(source.tensors.map((name, i) => [name, i]));
  const scalarIndex = new Map(source.scalars.map((name, i) => [name, i]));
  const nodes: ProgramNode[] = [];
  const keys: string[] = [];
  const byKey = new Map<string, number>();
  const byNode = new Map<ExprNode, number>();
  const reductions = new Set<number>();

  const slotOf = (name: string): number => {
    const slot = tensorSlot.get(name);
    if (slot === undefined) throw new InvalidUpdateError(`update "${source.name}" reads unknown tensor "${name}"`);
    return slot;
  };
  const push = (node: ProgramNode, key: string): number => {
    const found = byKey.get(key);
    if (found !== undefined) return found;
    nodes.push(node);
    keys.push(key);
    byKey.set(key, nodes.length - 1);
    return nodes.length - 1;
  };
  const visit = (expr: ExprNode): number => {
    const seen = byNode.get(expr);
    if (seen !== undefined) return seen;
    let index: number;
    switch (expr.kind) {
      case 'tensor': {
        const slot = slotOf(expr.name);
        index = push({ op: 'tensor', slot, uniform: false }, `t${slot}`);
        break;
      }
      case 'scalar': {
        const i = scalarIndex.get(expr.name);
        if (i === undefined) throw new InvalidUpdateError(`update "${source.name}" reads undeclared scalar "${expr.name}"`);
        index = push({ op: 'scalar', index: i, uniform: true }, `s${i}`);
        break;
      }
      case 'const':
        index = push({ op: 'const', value: expr.value, uniform: true }, `c${Object.is(expr.value, -0) ? '-0' : expr.value}`);
        break;
      case 'sumOfSquares': {
        const slot = slotOf(expr.name);
        reductions.add(slot);
        index = push({ op: 'sumOfSquares', slot, uniform: true }, `r${slot}`);
        break;
      }
      case 'unary': {
        const a = visit(expr.arg);
        index = push({ op: expr.op, args: [a], uniform: nodes[a]!.uniform }, `${expr.op}(${a})`);
        break;
      }
      case 'binary': {
        const a = visit(expr.lhs);
        const b = visit(expr.rhs);
        const uniform = nodes[a]!.uniform && nodes[b]!.uniform;
        index = push({ op: expr.op, args: [a, b], uniform }, `${expr.op}(${a},${b})`);
        break;
      }
    }
    byNode.set(expr, index);
    return index;
  };

  const outputs: ProgramOutput[] = [];
  for (const [name, expr] of Object.entries(source.outputs)) {
    const slot = slotOf(name);
    if (source.readOnly.includes(name)) {
      throw new InvalidUpdateError(`update "${source.name}" writes read-only tensor "${name}"`);
    }
    outputs.push({ slot, node: visit(expr.node) });
  }
  const key = [
    `T${source.tensors.length}`,
    `S${source.scalars.length}`,
    keys.join(';'),
    outputs.map((o) => `${o.slot}<-${o.node}`).join(','),
  ].join('|');
  return Object.freeze({
    name: source.name,
    key,
    tensors: Object.freeze([...source.tensors]),
    scalars: Object.freeze([...source.scalars]),
    nodes: Object.freeze(nodes),
    outputs: Object.freeze(outputs),
    reductions: Object.freeze([...reductions].sort((x, y) => x - y)),
  });
}
