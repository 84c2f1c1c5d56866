import { type BinaryOp, compileProgram, Expr, type ExprNode, type UnaryOp, type UpdateProgram } from '@descent/core';
import fc from 'fast-check';
import { seeded, sizeOf } from '../seeded.js';
import type { BindingData } from './evaluator-reference.js';

// Random update programs for differential tests of a backend against core's evaluator: what a
// backend author runs to find the op, the special value or the aliasing their kernels get wrong.

/** Every unary op of the IR. */
export const UNARY_OPS: readonly UnaryOp[] = ['neg', 'sqrt', 'abs', 'sign', 'pow2Round'];
/** Every binary op of the IR. */
export const BINARY_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min'];

/** Values where float semantics differ: signed zeros, NaN, infinities, tiny, huge, near sqrt(2) (AP2's rounding point). */
export const SPECIAL_FLOATS: readonly number[] = [
  0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-30, -1e-30, 3e38, -3e38, 1.4142135, 0.70710677,
];

/** A float32 that is usually ordinary and often special (for per-step scalars and constants). */
export const f32Value: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.float({ min: -8, max: 8, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_FLOATS) },
  { weight: 1, arbitrary: fc.float() },
);

/** One operation of a {@link ProgramSpec}. */
export interface RandomOp {
  /** The IR op. */
  readonly op: UnaryOp | BinaryOp;
  /** Its (first) argument: a node index, taken modulo the number of nodes before it. */
  readonly a: number;
  /** Its second argument (binary ops), likewise. */
  readonly b: number;
}

/** A random program and the per-step scalar values to run it with. */
export interface ProgramWithScalars {
  /** The compiled program. */
  readonly program: UpdateProgram;
  /** One value per scalar of the program. */
  readonly scalars: number[];
}

/** A random DAG: leaves, then operations on earlier nodes, then which node each output takes. */
export interface ProgramSpec {
  /** States per binding (tensor slots after param and grad). */
  readonly states: number;
  /** Per-step scalars. */
  readonly scalars: number;
  /** Constant leaves. */
  readonly constants: readonly number[];
  /** Slots whose sum of squares over the call is a leaf (a reduction). */
  readonly reduced: readonly number[];
  /** Operations, each on earlier nodes. */
  readonly ops: readonly RandomOp[];
  /** Node choice per written slot (param, then states), as an offset from the last node. */
  readonly outputs: readonly number[];
}

/** Reductions in a {@link programSpec}: none, any (possibly none), or at least one. */
export type ReductionChoice = 'none' | 'any' | 'some';

/**
 * Random program specs: 0-3 states, 0-4 scalars, 0-3 constants, 1-24 ops of every kind, and
 * outputs that may be bare leaves (another written tensor: a swap; the slot itself; a scalar).
 */
export function programSpec(reductions: ReductionChoice = 'any'): fc.Arbitrary<ProgramSpec> {
  const reduced =
    reductions === 'none'
      ? fc.constant<number[]>([])
      : fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: reductions === 'some' ? 1 : 0, maxLength: 2 });
  return fc
    .record({
      states: fc.integer({ min: 0, max: 3 }),
      scalars: fc.integer({ min: 0, max: 4 }),
      constants: fc.array(f32Value, { maxLength: 3 }),
      reduced,
      ops: fc.array(fc.record({ op: fc.constantFrom<UnaryOp | BinaryOp>(...UNARY_OPS, ...BINARY_OPS), a: fc.nat(), b: fc.nat() }), {
        minLength: 1,
        maxLength: 24,
      }),
      outputs: fc.array(fc.nat({ max: 6 }), { minLength: 4, maxLength: 4 }),
    })
    .map((spec) => {
      const slots = 2 + spec.states;
      // Slot 2 exists only with a state; 'some' keeps at least one reduction (param or grad).
      const kept = spec.reduced.filter((s) => s < slots);
      return { ...spec, outputs: spec.outputs.slice(0, 1 + spec.states), reduced: kept.length > 0 || reductions !== 'some' ? kept : [0] };
    });
}

/** Builds the program of a spec. Nodes are built directly, so no constant folding hides an op. */
export function buildProgram(spec: ProgramSpec): UpdateProgram {
  const { tensors, scalars, nodes } = leafNodes(spec, spec.reduced.map((slot) => ({ kind: 'sumOfSquares', slot })));
  for (const { op, a, b } of spec.ops) nodes.push(opNode(op, nodes[a % nodes.length]!, nodes[b % nodes.length]!));
  return compileProgram({ name: 'random', tensors, readOnly: ['grad'], scalars, outputs: pickOutputs(spec, tensors, nodes) });
}

/** A reduction leaf of a random program: over a tensor slot (taken modulo the slot count). */
export interface ReductionLeaf {
  /** `sumOfSquares` (clip-norm style) or `allFinite` (skipNonFinite style). */
  readonly kind: 'sumOfSquares' | 'allFinite';
  /** The tensor slot. */
  readonly slot: number;
}

/** The slot names, scalar names and leaf nodes of a random program (ops are pushed after them). */
export interface ProgramLeaves {
  /** `param`, `grad`, then `s0`, `s1`... */
  readonly tensors: string[];
  /** `x0`, `x1`... */
  readonly scalars: string[];
  /** Tensor, scalar, constant and reduction leaves, in that order. */
  readonly nodes: ExprNode[];
}

/** The leaves of a spec's program: its tensors, scalars, constants and the given reductions. */
export function leafNodes(spec: ProgramSpec, reductions: readonly ReductionLeaf[]): ProgramLeaves {
  const tensors = ['param', 'grad', ...Array.from({ length: spec.states }, (_, i) => `s${i}`)];
  const scalars = Array.from({ length: spec.scalars }, (_, i) => `x${i}`);
  const nodes: ExprNode[] = [
    ...tensors.map((name): ExprNode => ({ kind: 'tensor', name })),
    ...scalars.map((name): ExprNode => ({ kind: 'scalar', name })),
    ...spec.constants.map((value): ExprNode => ({ kind: 'const', value: Math.fround(value) })),
    ...reductions.map((r): ExprNode => ({ kind: r.kind, name: tensors[r.slot % tensors.length]! })),
  ];
  return { tensors, scalars, nodes };
}

/** Each written slot's expression (param, then states): the node `spec.outputs[i]` before the last. */
export function pickOutputs(spec: ProgramSpec, tensors: readonly string[], nodes: readonly ExprNode[]): Record<string, Expr> {
  const outputs: Record<string, Expr> = {};
  ['param', ...tensors.slice(2)].forEach((name, i) => {
    outputs[name] = Expr.of(nodes[Math.max(0, nodes.length - 1 - spec.outputs[i]!)]!);
  });
  return outputs;
}

/** The node of one random op over two earlier nodes (the second is ignored by unary ops). */
export function opNode(op: UnaryOp | BinaryOp, lhs: ExprNode, rhs: ExprNode): ExprNode {
  return (UNARY_OPS as readonly string[]).includes(op)
    ? { kind: 'unary', op: op as UnaryOp, arg: lhs }
    : { kind: 'binary', op: op as BinaryOp, lhs, rhs };
}

/**
 * How binding values are drawn: `mixed` (magnitudes 1e-2..1e2, 4 % special values) or
 * `exact-squares` (k/8 with |k| <= 16, so sums of squares are exact in float32 whatever the order).
 */
export type ValueKind = 'mixed' | 'exact-squares';

/** Fills one binding per shape with seeded values for every tensor slot of `program`. */
export function bindingData(program: UpdateProgram, shapes: readonly (readonly number[])[], seed: number, kind: ValueKind = 'mixed'): BindingData[] {
  const random = seeded(seed);
  const value = (): number => {
    if (kind === 'exact-squares') return Math.floor(random() * 33 - 16) / 8;
    if (random() < 0.04) return SPECIAL_FLOATS[Math.floor(random() * SPECIAL_FLOATS.length)]!;
    return (random() * 2 - 1) * 10 ** Math.floor(random() * 5 - 2);
  };
  return shapes.map((shape) => ({ shape, values: program.tensors.map(() => Float32Array.from({ length: sizeOf(shape) }, value)) }));
}

/**
 * A program whose outputs add a chain of ops over per-step scalars and constants only (the
 * part a backend may compute on the host) to each tensor: `param + chain`, `s0 * chain`.
 * Ordinary values, so that the chain's float32 rounding after every op shows.
 */
export function uniformChain(): fc.Arbitrary<ProgramWithScalars> {
  const positive = fc.float({ min: Math.fround(0.01), max: 100, noNaN: true });
  return fc
    .record({
      scalars: fc.array(positive, { minLength: 3, maxLength: 3 }),
      constants: fc.array(positive, { minLength: 1, maxLength: 2 }),
      ops: fc.array(fc.record({ op: fc.constantFrom<UnaryOp | BinaryOp>(...UNARY_OPS, ...BINARY_OPS), a: fc.nat(), b: fc.nat() }), { minLength: 2, maxLength: 12 }),
    })
    .map(({ scalars, constants, ops }) => {
      const nodes: ExprNode[] = [
        ...scalars.map((_, i): ExprNode => ({ kind: 'scalar', name: `x${i}` })),
        ...constants.map((value): ExprNode => ({ kind: 'const', value: Math.fround(value) })),
      ];
      for (const { op, a, b } of ops) nodes.push(opNode(op, nodes[a % nodes.length]!, nodes[b % nodes.length]!));
      const chain = Expr.of(nodes[nodes.length - 1]!);
      const tensor = (name: string) => Expr.of({ kind: 'tensor', name });
      const program = compileProgram({
        name: 'uniform-chain',
        tensors: ['param', 'grad', 's0'],
        readOnly: ['grad'],
        scalars: scalars.map((_, i) => `x${i}`),
        outputs: { param: tensor('param').add(chain), s0: tensor('s0').mul(chain) },
      });
      return { program, scalars };
    });
}
