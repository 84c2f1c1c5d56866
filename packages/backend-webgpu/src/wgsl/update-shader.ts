import type { UpdateProgram } from '@descent/core';
import { expressionCode, nodeVariable, POW2_ROUND_WGSL } from './expression.js';

/** How a kernel's binding is declared; the bind group layout is built from this list. */
export type BindingKind = 'storage' | 'read-only-storage' | 'uniform';

/** The WGSL of an update kernel and the layout of its bind group (binding i = entry i). */
export interface UpdateShader {
  readonly code: string;
  readonly bindings: readonly BindingKind[];
}

const LANES = 'xyzw';

/** Number of `vec4<f32>` the step uniform holds for `count` scalars (at least one). */
export function scalarVec4Count(count: number): number {
  return Math.max(1, Math.ceil(count / 4));
}

/**
 * The update kernel of `program`: one invocation per element (grid-stride loop), reading
 * every tensor slot at index i, computing the program, writing its outputs back in place.
 *
 * Bindings: slot k at binding k (read_write when the program writes it); then the per-step
 * uniform (`specials` bits and scalars); then the per-dispatch span (element count and
 * grid stride); then, when the program reads reductions, the sums of squares; then, when it
 * reads finite checks, their non-finite flags (u32 per checked slot, 0: all finite).
 */
export function updateShader(program: UpdateProgram, workgroupSize: number): UpdateShader {
  const written = new Set(program.outputs.map((o) => o.slot));
  const slots = program.tensors.length;
  const bindings: BindingKind[] = program.tensors.map((_, k) => (written.has(k) ? 'storage' : 'read-only-storage'));
  bindings.push('uniform', 'uniform');
  const hasSums = program.reductions.length > 0;
  if (hasSums) bindings.push('read-only-storage');
  const hasFlags = program.finiteChecks.length > 0;
  if (hasFlags) bindings.push('read-only-storage');

  const code = expressionCode(program, {
    tensor: (slot) => `t${slot}[i]`,
    scalar: (index) => `step.s[${index >> 2}].${LANES[index & 3]}`,
    sumOfSquares: (slot) => `sums[${program.reductions.indexOf(slot)}]`,
    nonFiniteFlag: (slot) => `flags[${program.finiteChecks.indexOf(slot)}]`,
    specials: 'step.specials',
  });
  const declarations = program.tensors.map(
    (name, k) =>
      `@group(0) @binding(${k}) var<storage, ${written.has(k) ? 'read_write' : 'read'}> t${k}: array<f32>; // ${name}`,
  );
  const stores = program.outputs.map((o) => `t${o.slot}[i] = ${nodeVariable(o.node)};`);
  const lines = [
    `// descent update "${program.name}"`,
    'struct Step { specials: vec4<u32>, s: array<vec4<f32>, ' + scalarVec4Count(program.scalars.length) + '> }',
    'struct Span { n: u32, stride: u32, unused0: u32, unused1: u32 }',
    ...declarations,
    `@group(0) @binding(${slots}) var<uniform> step: Step;`,
    `@group(0) @binding(${slots + 1}) var<uniform> span: Span;`,
    ...(hasSums ? [`@group(0) @binding(${slots + 2}) var<storage, read> sums: array<f32>;`] : []),
    ...(hasFlags ? [`@group(0) @binding(${slots + 2 + (hasSums ? 1 : 0)}) var<storage, read> flags: array<u32>;`] : []),
    ...(code.usesPow2Round ? [POW2_ROUND_WGSL] : []),
    `@compute @workgroup_size(${workgroupSize})`,
    'fn main(@builtin(global_invocation_id) gid: vec3<u32>) {',
    ...code.uniform.map((line) => `  ${line}`),
    // A guarded program writes nothing when its guard is 0: the kernel is a no-op.
    ...(program.guard === undefined ? [] : [`  if (${nodeVariable(program.guard)} == 0.0f) { return; }`]),
    '  for (var i = gid.x; i < span.n; i = i + span.stride) {',
    ...code.perElement.map((line) => `    ${line}`),
    ...stores.map((line) => `    ${line}`),
    '  }',
    '}',
  ];
  return { code: lines.join('\n'), bindings };
}
