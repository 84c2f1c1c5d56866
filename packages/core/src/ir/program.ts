import { InvalidUpdateError } from '../errors.js';
import { type BinaryOp, Expr, type ExprNode, type TernaryOp, type UnaryOp } from './expr.js';

/**
 * A node of a compiled program. `args` index earlier nodes (the list is in topological
 * order, common subexpressions shared). `uniform` nodes do not depend on any tensor element,
 * so a backend computes them once per call (hoisted out of the loop).
 */
export type ProgramNode =
  /** The current element of tensor slot `slot`. */
  | {
      /** What the node does. */
      readonly op: 'tensor';
      /** The tensor slot read. */
      readonly slot: number;
      /** Never uniform. */
      readonly uniform: false;
    }
  /** Per-step scalar number `index`. */
  | {
      /** What the node does. */
      readonly op: 'scalar';
      /** Its index in the scalars. */
      readonly index: number;
      /** Always uniform. */
      readonly uniform: true;
    }
  /** A float32 constant. */
  | {
      /** What the node does. */
      readonly op: 'const';
      /** The constant. */
      readonly value: number;
      /** Always uniform. */
      readonly uniform: true;
    }
  /** The sum of squares of slot `slot` over every binding of the call. */
  | {
      /** What the node does. */
      readonly op: 'sumOfSquares';
      /** The tensor slot reduced. */
      readonly slot: number;
      /** Always uniform. */
      readonly uniform: true;
    }
  /** 1 when every element of slot `slot` over every binding of the call is finite, else 0. */
  | {
      /** What the node does. */
      readonly op: 'allFinite';
      /** The tensor slot checked. */
      readonly slot: number;
      /** Always uniform. */
      readonly uniform: true;
    }
  /** A function of one earlier node. */
  | {
      /** What the node does. */
      readonly op: UnaryOp;
      /** The argument's node index. */
      readonly args: readonly [number];
      /** Whether it reads no tensor element. */
      readonly uniform: boolean;
    }
  /** A function of two earlier nodes. */
  | {
      /** What the node does. */
      readonly op: BinaryOp;
      /** The arguments' node indices. */
      readonly args: readonly [number, number];
      /** Whether it reads no tensor element. */
      readonly uniform: boolean;
    }
  /** `select(c, a, b)` of three earlier nodes: `c != 0 ? a : b`. */
  | {
      /** What the node does. */
      readonly op: TernaryOp;
      /** The condition's, then the two values' node indices. */
      readonly args: readonly [number, number, number];
      /** Whether it reads no tensor element. */
      readonly uniform: boolean;
    };

/** One result of a program: node `node` is written, in place, into tensor slot `slot`. */
export interface ProgramOutput {
  /** The tensor slot written (a param or state, never a read-only input). */
  readonly slot: number;
  /** The node whose value is written. */
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
  /** Straight-line code in topological order, common subexpressions shared. */
  readonly nodes: readonly ProgramNode[];
  /** What is written where, after every node was computed. */
  readonly outputs: readonly ProgramOutput[];
  /** Slots whose sum of squares over every parameter of the call the program reads. */
  readonly reductions: readonly number[];
  /** Slots whose all-finite flag over every parameter of the call the program reads. */
  readonly finiteChecks: readonly number[];
  /**
   * A uniform node that guards the whole call: every output is `select(guard, value, its own
   * slot's current element)`, so when the guard is 0 the call writes nothing and a backend may
   * skip the element pass entirely (and counts the skip, see `UpdateRequest.skipCounter`).
   * Absent: the call always writes.
   */
  readonly guard?: number;
}

/** What {@link compileProgram} needs. */
export interface ProgramSource {
  /** A label for messages and kernel names. */
  readonly name: string;
  /** Tensor slot names, in binding order. */
  readonly tensors: readonly string[];
  /** Slots that are read-only inputs (e.g. the gradient); outputs may not target them. */
  readonly readOnly: readonly string[];
  /** Per-step scalar names, in the order their values will be passed. */
  readonly scalars: readonly string[];
  /** The new value of each written slot, by slot name. */
  readonly outputs: Readonly<Record<string, Expr>>;
  /**
   * A uniform condition (e.g. `Expr.allFinite('grad')`): each output becomes
   * `select(guard, output, <the slot's current value>)`, see {@link UpdateProgram.guard}.
   */
  readonly guard?: Expr;
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
  const finiteChecks = new Set<number>();

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
      case 'allFinite': {
        const slot = slotOf(expr.name);
        finiteChecks.add(slot);
        index = push({ op: 'allFinite', slot, uniform: true }, `f${slot}`);
        break;
      }
      case 'select': {
        const c = visit(expr.cond);
        const a = visit(expr.ifTrue);
        const b = visit(expr.ifFalse);
        const uniform = nodes[c]!.uniform && nodes[a]!.uniform && nodes[b]!.uniform;
        index = push({ op: 'select', args: [c, a, b], uniform }, `select(${c},${a},${b})`);
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

  let guard: number | undefined;
  if (source.guard !== undefined) {
    guard = visit(source.guard.node);
    if (!nodes[guard]!.uniform) {
      throw new InvalidUpdateError(`update "${source.name}": the guard must not depend on tensor elements`);
    }
  }
  const outputs: ProgramOutput[] = [];
  for (const [name, expr] of Object.entries(source.outputs)) {
    const slot = slotOf(name);
    if (source.readOnly.includes(name)) {
      throw new InvalidUpdateError(`update "${source.name}" writes read-only tensor "${name}"`);
    }
    const value = source.guard ? Expr.select(source.guard, expr, Expr.of({ kind: 'tensor', name })) : expr;
    outputs.push({ slot, node: visit(value.node) });
  }
  const key = [
    `T${source.tensors.length}`,
    `S${source.scalars.length}`,
    keys.join(';'),
    outputs.map((o) => `${o.slot}<-${o.node}`).join(','),
    ...(guard === undefined ? [] : [`G${guard}`]),
  ].join('|');
  return Object.freeze({
    name: source.name,
    key,
    tensors: Object.freeze([...source.tensors]),
    scalars: Object.freeze([...source.scalars]),
    nodes: Object.freeze(nodes),
    outputs: Object.freeze(outputs),
    reductions: Object.freeze([...reductions].sort((x, y) => x - y)),
    finiteChecks: Object.freeze([...finiteChecks].sort((x, y) => x - y)),
    ...(guard === undefined ? {} : { guard }),
  });
}
