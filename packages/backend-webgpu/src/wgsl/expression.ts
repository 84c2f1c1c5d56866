import { POW2_ROUND_FLOOR, type ProgramNode, type UpdateProgram } from '@descent/core';
import { f32Literal, u32Literal } from './literals.js';

/** Names the generated code uses for what the surrounding kernel provides. */
export interface ExpressionNames {
  /** The element of tensor slot `slot` at the current index, e.g. `t0[i]`. */
  tensor(slot: number): string;
  /** Per-step scalar `index`, e.g. `step.s[0].y`. */
  scalar(index: number): string;
  /** The sum of squares of tensor slot `slot` over the call, e.g. `sums[0]`. */
  sumOfSquares(slot: number): string;
  /** The non-finite flag (u32: 0 when every element is finite) of tensor slot `slot` over the call, e.g. `flags[0]`. */
  nonFiniteFlag(slot: number): string;
  /** A `vec4<u32>` holding the bits of +inf, -inf and NaN. */
  readonly specials: string;
}

/**
 * neon's AP2 on float32 bits, as core's `pow2Round` defines it: with a = max(|x|, e^-50),
 * round log2(a) up exactly when a's mantissa is at least sqrt(2)'s (0x3504f4 and above, as
 * no float32 lies on sqrt(2) itself); the result keeps x's sign, and a zero gives +0.
 * Zero and sign are read from x's bits, not compared as floats: GPUs may flush subnormals
 * to zero in arithmetic (WGSL allows it), and core maps a subnormal to +-2^-72, not to 0.
 */
export const POW2_ROUND_WGSL = `fn pow2_round(x: f32) -> f32 {
  let xbits = bitcast<u32>(x);
  if ((xbits & ${u32Literal(0x7fffffff)}) == 0u) {
    return 0.0f;
  }
  let a = max(abs(x), ${f32Literal(POW2_ROUND_FLOOR, 'unused')});
  let bits = bitcast<u32>(a);
  var magnitude = bits & ${u32Literal(0x7f800000)};
  if ((bits & ${u32Literal(0x007fffff)}) >= ${u32Literal(0x3504f4)}) {
    magnitude = magnitude + ${u32Literal(0x00800000)};
  }
  let rounded = bitcast<f32>(magnitude);
  return select(rounded, -rounded, (xbits & ${u32Literal(0x80000000)}) != 0u);
}`;

function operation(node: ProgramNode, arg: (i: number) => string, names: ExpressionNames): string {
  switch (node.op) {
    case 'tensor': return names.tensor(node.slot);
    case 'scalar': return names.scalar(node.index);
    case 'const': return f32Literal(node.value, names.specials);
    case 'sumOfSquares': return names.sumOfSquares(node.slot);
    case 'allFinite': return `select(0.0f, 1.0f, ${names.nonFiniteFlag(node.slot)} == 0u)`;
    // The guard and skipNonFinite's conditions are exactly 0 or 1 (WGSL may assume no NaN).
    case 'select': return `select(${arg(2)}, ${arg(1)}, ${arg(0)} != 0.0f)`;
    case 'neg': return `-(${arg(0)})`;
    case 'sqrt': return `sqrt(${arg(0)})`;
    case 'abs': return `abs(${arg(0)})`;
    case 'sign': return `sign(${arg(0)})`;
    case 'pow2Round': return `pow2_round(${arg(0)})`;
    case 'add': return `${arg(0)} + ${arg(1)}`;
    case 'sub': return `${arg(0)} - ${arg(1)}`;
    case 'mul': return `${arg(0)} * ${arg(1)}`;
    case 'div': return `${arg(0)} / ${arg(1)}`;
    case 'max': return `max(${arg(0)}, ${arg(1)})`;
    case 'min': return `min(${arg(0)}, ${arg(1)})`;
  }
}

/** Straight-line WGSL for a program: `let vK = ...;` per node, split by uniformity. */
export interface ExpressionCode {
  /** Nodes that do not depend on the element: computed once per invocation, before the loop. */
  readonly uniform: readonly string[];
  /** Nodes that do: computed per element, inside the loop. */
  readonly perElement: readonly string[];
  /** Whether the code calls `pow2_round` (so the kernel must define it). */
  readonly usesPow2Round: boolean;
}

/** The variable holding node `index`. */
export function nodeVariable(index: number): string {
  return `v${index}`;
}

/**
 * Lowers every node of `program` to a WGSL `let`, in the program's (topological) order. Inside
 * the element loop of a guarded program the guard is known to be nonzero (the kernel returns
 * before the loop otherwise), so a `select` on the guard is its new value.
 */
export function expressionCode(program: UpdateProgram, names: ExpressionNames): ExpressionCode {
  const uniform: string[] = [];
  const perElement: string[] = [];
  let usesPow2Round = false;
  program.nodes.forEach((node, i) => {
    if (node.op === 'pow2Round') usesPow2Round = true;
    const args = 'args' in node ? node.args : [];
    const guarded = node.op === 'select' && !node.uniform && args[0] === program.guard;
    const expression = guarded ? nodeVariable(args[1]!) : operation(node, (k) => nodeVariable(args[k]!), names);
    (node.uniform ? uniform : perElement).push(`let ${nodeVariable(i)}: f32 = ${expression};`);
  });
  return { uniform, perElement, usesPow2Round };
}

