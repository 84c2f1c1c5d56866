import { compileProgram, Expr, type UpdateProgram } from '@descent/core';
import fc from 'fast-check';
import { seeded } from '../seeded.js';
import type { BindingData } from './evaluator-reference.js';
import { bindingData, leafNodes, opNode, pickOutputs, type ProgramSpec, programSpec } from './random-programs.js';

/** A `select(c, a, b)` node of a {@link GuardedSpec}, inserted before op `at`. */
export interface RandomSelect {
  /** The condition node (modulo the nodes before it). */
  readonly c: number;
  /** The node picked where the condition is nonzero (modulo the nodes before it). */
  readonly a: number;
  /** The node picked where it is 0 (modulo the nodes before it). */
  readonly b: number;
  /** The op it goes before (modulo the op count). */
  readonly at: number;
}

/** A random program (see {@link programSpec}) plus selects, `allFinite` leaves and a guard: what `skipNonFinite` compiles to. */
export interface GuardedSpec {
  /** The program without the guard parts (at least one scalar, no reductions). */
  readonly dag: ProgramSpec;
  /** `select` nodes among the ops. */
  readonly selects: readonly RandomSelect[];
  /** Slots whose `allFinite` flag is a leaf (modulo the slot count). */
  readonly finite: readonly number[];
  /** `grad`: guard by allFinite(grad), as skipNonFinite does; `scalar`: by scalar x0 (NaN, ±0...); `none`. */
  readonly guard: 'grad' | 'scalar' | 'none';
}

/** Random guarded program specs (the grad guard twice as often as the others). */
export function guardedSpec(): fc.Arbitrary<GuardedSpec> {
  return fc.record({
    dag: programSpec('none').map((d) => ({ ...d, scalars: Math.max(1, d.scalars) })),
    selects: fc.array(fc.record({ c: fc.nat(), a: fc.nat(), b: fc.nat(), at: fc.nat() }), { maxLength: 4 }),
    finite: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
    guard: fc.constantFrom<GuardedSpec['guard']>('grad', 'grad', 'scalar', 'none'),
  });
}

/** Builds the program of a guarded spec (nodes built directly, so no folding hides an op). */
export function buildGuardedProgram(spec: GuardedSpec): UpdateProgram {
  const { dag } = spec;
  const { tensors, scalars, nodes } = leafNodes(dag, spec.finite.map((slot) => ({ kind: 'allFinite', slot })));
  dag.ops.forEach(({ op, a, b }, i) => {
    const pick = (k: number) => nodes[k % nodes.length]!;
    for (const s of spec.selects.filter((x) => x.at % dag.ops.length === i)) {
      nodes.push({ kind: 'select', cond: pick(s.c), ifTrue: pick(s.a), ifFalse: pick(s.b) });
    }
    nodes.push(opNode(op, pick(a), pick(b)));
  });
  const guard = spec.guard === 'grad' ? Expr.allFinite('grad') : spec.guard === 'scalar' ? Expr.of({ kind: 'scalar', name: 'x0' }) : undefined;
  return compileProgram({ name: 'guarded', tensors, readOnly: ['grad'], scalars, outputs: pickOutputs(dag, tensors, nodes), ...(guard ? { guard } : {}) });
}

/** Binding values with specials everywhere; with `finiteGrads`, the grad slot's specials replaced by finite values. */
export function guardedData(program: UpdateProgram, shapes: readonly (readonly number[])[], seed: number, finiteGrads: boolean): BindingData[] {
  const data = bindingData(program, shapes, seed, 'mixed');
  if (!finiteGrads) return data;
  const random = seeded(seed + 1);
  return data.map((d) => ({ ...d, values: d.values.map((v, k) => (k === 1 ? v.map((x) => (Number.isFinite(x) ? x : random())) : v)) }));
}
