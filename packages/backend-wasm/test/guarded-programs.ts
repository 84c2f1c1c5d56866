import { compileProgram, Expr, type ExprNode, type UpdateProgram } from '@descent/core';
import fc from 'fast-check';
import { type BindingData, rng } from './helpers.js';
import { bindingData, BINARY, type DagSpec, dagSpec, UNARY } from './random-programs.js';

/** A random DAG (see `dagSpec`) plus selects, finite checks and a guard. */
export interface GuardedSpec {
  readonly dag: DagSpec;
  /** `select(c, a, b)` nodes, indices taken modulo the nodes before them. */
  readonly selects: readonly { readonly c: number; readonly a: number; readonly b: number; readonly at: number }[];
  /** Slots whose `allFinite` flag is a leaf. */
  readonly finite: readonly number[];
  /** `grad`: guard by allFinite(grad), as skipNonFinite does; `scalar`: by scalar x0 (NaN, ±0...); `none`. */
  readonly guard: 'grad' | 'scalar' | 'none';
}

export function guardedSpec(): fc.Arbitrary<GuardedSpec> {
  return fc.record({
    dag: dagSpec(false).map((d) => ({ ...d, scalars: Math.max(1, d.scalars) })),
    selects: fc.array(fc.record({ c: fc.nat(), a: fc.nat(), b: fc.nat(), at: fc.nat() }), { maxLength: 4 }),
    finite: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
    guard: fc.constantFrom<GuardedSpec['guard']>('grad', 'grad', 'scalar', 'none'),
  });
}

/** Builds the program of a spec (nodes built directly, so no folding hides ops). */
export function buildGuardedProgram(spec: GuardedSpec): UpdateProgram {
  const { dag } = spec;
  const tensors = ['param', 'grad', ...Array.from({ length: dag.states }, (_, i) => `s${i}`)];
  const scalars = Array.from({ length: dag.scalars }, (_, i) => `x${i}`);
  const nodes: ExprNode[] = [
    ...tensors.map((name): ExprNode => ({ kind: 'tensor', name })),
    ...scalars.map((name): ExprNode => ({ kind: 'scalar', name })),
    ...dag.constants.map((value): ExprNode => ({ kind: 'const', value: Math.fround(value) })),
    ...spec.finite.map((slot): ExprNode => ({ kind: 'allFinite', name: tensors[slot % tensors.length]! })),
  ];
  const selects = [...spec.selects];
  dag.ops.forEach(({ op, a, b }, i) => {
    for (const s of selects.filter((x) => x.at % dag.ops.length === i)) {
      const pick = (k: number) => nodes[k % nodes.length]!;
      nodes.push({ kind: 'select', cond: pick(s.c), ifTrue: pick(s.a), ifFalse: pick(s.b) });
    }
    const lhs = nodes[a % nodes.length]!;
    const rhs = nodes[b % nodes.length]!;
    nodes.push(
      (UNARY as readonly string[]).includes(op)
        ? { kind: 'unary', op: op as (typeof UNARY)[number], arg: lhs }
        : { kind: 'binary', op: op as (typeof BINARY)[number], lhs, rhs },
    );
  });
  const written = ['param', ...tensors.slice(2)];
  const outputs: Record<string, Expr> = {};
  written.forEach((name, i) => {
    outputs[name] = Expr.of(nodes[Math.max(0, nodes.length - 1 - dag.outputs[i]!)]!);
  });
  const guard = spec.guard === 'grad' ? Expr.allFinite('grad') : spec.guard === 'scalar' ? Expr.of({ kind: 'scalar', name: 'x0' }) : undefined;
  return compileProgram({ name: 'guarded', tensors, readOnly: ['grad'], scalars, outputs, ...(guard ? { guard } : {}) });
}

/** Binding values with specials everywhere; with `finiteGrads`, the grad slot's specials made finite. */
export function guardedData(program: UpdateProgram, shapes: readonly (readonly number[])[], seed: number, finiteGrads: boolean): BindingData[] {
  const data = bindingData(program, shapes, seed, 'mixed');
  if (!finiteGrads) return data;
  const random = rng(seed + 1);
  return data.map((d) => ({ ...d, values: d.values.map((v, k) => (k === 1 ? v.map((x) => (Number.isFinite(x) ? x : random())) : v)) }));
}
