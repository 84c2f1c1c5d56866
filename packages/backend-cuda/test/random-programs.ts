import { type BinaryOp, compileProgram, Expr, type ExprNode, type UnaryOp, type UpdateProgram } from '@descent/core';
import fc from 'fast-check';
import { type BindingData, rng, sizeOf } from './helpers.js';

export const UNARY: readonly UnaryOp[] = ['neg', 'sqrt', 'abs', 'sign', 'pow2Round'];
export const BINARY: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min'];
export const SHAPES: readonly (readonly number[])[] = [[], [1], [3], [5], [2, 3], [17], [0]];

/** Values where float semantics differ: signed zeros, NaN, infinities, tiny, huge, near sqrt(2). */
const SPECIAL = [0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-30, -1e-30, 3e38, -3e38, 1.4142135, 0.70710677];

/** A float32 that is usually ordinary and often special (per-step scalars and constants). */
export const f32Value = fc.oneof(
  { weight: 4, arbitrary: fc.float({ min: -8, max: 8, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 1, arbitrary: fc.float() },
);

/** A random DAG: leaves, then operations on earlier nodes, then which node each output takes. */
export interface DagSpec {
  readonly states: number;
  readonly scalars: number;
  readonly constants: readonly number[];
  /** Slots whose sum of squares is a leaf. */
  readonly reduced: readonly number[];
  readonly ops: readonly { readonly op: UnaryOp | BinaryOp; readonly a: number; readonly b: number }[];
  /** Node choice per written slot (param, then states), as an offset from the last node. */
  readonly outputs: readonly number[];
}

export function dagSpec(): fc.Arbitrary<DagSpec> {
  return fc
    .record({
      states: fc.integer({ min: 0, max: 3 }),
      scalars: fc.integer({ min: 0, max: 4 }),
      constants: fc.array(f32Value, { maxLength: 3 }),
      reduced: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
      ops: fc.array(fc.record({ op: fc.constantFrom<UnaryOp | BinaryOp>(...UNARY, ...BINARY), a: fc.nat(), b: fc.nat() }), {
        minLength: 1,
        maxLength: 24,
      }),
      outputs: fc.array(fc.nat({ max: 6 }), { minLength: 4, maxLength: 4 }),
    })
    .map((spec) => ({ ...spec, outputs: spec.outputs.slice(0, 1 + spec.states), reduced: spec.reduced.filter((s) => s < 2 + spec.states) }));
}

/**
 * Builds the program of a spec. Nodes are built directly (no constant folding hides ops), and
 * outputs may be bare leaves: another written tensor (a swap), the slot itself, a scalar.
 */
export function buildProgram(spec: DagSpec): UpdateProgram {
  const tensors = ['param', 'grad', ...Array.from({ length: spec.states }, (_, i) => `s${i}`)];
  const scalars = Array.from({ length: spec.scalars }, (_, i) => `x${i}`);
  const nodes: ExprNode[] = [
    ...tensors.map((name): ExprNode => ({ kind: 'tensor', name })),
    ...scalars.map((name): ExprNode => ({ kind: 'scalar', name })),
    ...spec.constants.map((value): ExprNode => ({ kind: 'const', value: Math.fround(value) })),
    ...spec.reduced.map((slot): ExprNode => ({ kind: 'sumOfSquares', name: tensors[slot]! })),
  ];
  for (const { op, a, b } of spec.ops) {
    const lhs = nodes[a % nodes.length]!;
    const rhs = nodes[b % nodes.length]!;
    nodes.push(
      (UNARY as readonly string[]).includes(op)
        ? { kind: 'unary', op: op as UnaryOp, arg: lhs }
        : { kind: 'binary', op: op as BinaryOp, lhs, rhs },
    );
  }
  const written = ['param', ...tensors.slice(2)];
  const outputs: Record<string, Expr> = {};
  written.forEach((name, i) => {
    outputs[name] = Expr.of(nodes[Math.max(0, nodes.length - 1 - spec.outputs[i]!)]!);
  });
  return compileProgram({ name: 'random', tensors, readOnly: ['grad'], scalars, outputs });
}

/** Fills bindings of `shapes` with seeded values (4 % special) for every slot of `program`. */
export function bindingData(program: UpdateProgram, shapes: readonly (readonly number[])[], seed: number): BindingData[] {
  const random = rng(seed);
  const value = (): number => {
    if (random() < 0.04) return SPECIAL[Math.floor(random() * SPECIAL.length)]!;
    return (random() * 2 - 1) * 10 ** Math.floor(random() * 5 - 2);
  };
  return shapes.map((shape) => ({ shape, values: program.tensors.map(() => Float32Array.from({ length: sizeOf(shape) }, value)) }));
}

/**
 * A program whose outputs add a chain of ops over per-step scalars and constants only (the
 * part computed on the host) to each tensor: `param + chain`, `s0 * chain`. Ordinary values,
 * so that the chain's float32 rounding after every op shows.
 */
export function uniformChain(): fc.Arbitrary<{ program: UpdateProgram; scalars: number[] }> {
  return fc
    .record({
      scalars: fc.array(fc.float({ min: Math.fround(0.01), max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
      constants: fc.array(fc.float({ min: Math.fround(0.01), max: 100, noNaN: true }), { minLength: 1, maxLength: 2 }),
      ops: fc.array(fc.record({ op: fc.constantFrom<UnaryOp | BinaryOp>(...UNARY, ...BINARY), a: fc.nat(), b: fc.nat() }), { minLength: 2, maxLength: 12 }),
    })
    .map(({ scalars, constants, ops }) => {
      const nodes: ExprNode[] = [
        ...scalars.map((_, i): ExprNode => ({ kind: 'scalar', name: `x${i}` })),
        ...constants.map((value): ExprNode => ({ kind: 'const', value: Math.fround(value) })),
      ];
      for (const { op, a, b } of ops) {
        const lhs = nodes[a % nodes.length]!;
        const rhs = nodes[b % nodes.length]!;
        nodes.push((UNARY as readonly string[]).includes(op) ? { kind: 'unary', op: op as UnaryOp, arg: lhs } : { kind: 'binary', op: op as BinaryOp, lhs, rhs });
      }
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
