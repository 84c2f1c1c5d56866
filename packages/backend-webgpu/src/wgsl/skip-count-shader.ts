import type { UpdateProgram } from '@descent/core';
import { expressionCode, nodeVariable, POW2_ROUND_WGSL } from './expression.js';
import { type BindingKind, scalarVec4Count } from './update-shader.js';

const LANES = 'xyzw';

/** The WGSL of a guarded program's skip-count kernel and its bind group layout. */
export interface SkipCountShader {
  readonly code: string;
  readonly bindings: readonly BindingKind[];
}

/**
 * One thread that computes a guarded program's guard (its uniform nodes: per-step scalars,
 * constants, sums of squares, finite flags) and adds 1 to `counter[0]` when it is 0: the skip
 * count, kept on the GPU. Bindings: the step uniform, then the sums and the flags when the
 * program reads them, then the counter.
 */
export function skipCountShader(program: UpdateProgram): SkipCountShader {
  if (program.guard === undefined) throw new Error(`unreachable: update "${program.name}" has no guard`);
  const bindings: BindingKind[] = ['uniform'];
  const hasSums = program.reductions.length > 0;
  const hasFlags = program.finiteChecks.length > 0;
  if (hasSums) bindings.push('read-only-storage');
  if (hasFlags) bindings.push('read-only-storage');
  bindings.push('storage');
  const code = expressionCode(program, {
    tensor: () => 'unused', // per-element lines are not emitted: the guard is uniform
    scalar: (index) => `step.s[${index >> 2}].${LANES[index & 3]}`,
    sumOfSquares: (slot) => `sums[${program.reductions.indexOf(slot)}]`,
    nonFiniteFlag: (slot) => `flags[${program.finiteChecks.indexOf(slot)}]`,
    specials: 'step.specials',
  });
  let binding = 1;
  const lines = [
    `// descent skip count "${program.name}"`,
    `struct Step { specials: vec4<u32>, s: array<vec4<f32>, ${scalarVec4Count(program.scalars.length)}> }`,
    '@group(0) @binding(0) var<uniform> step: Step;',
    ...(hasSums ? [`@group(0) @binding(${binding++}) var<storage, read> sums: array<f32>;`] : []),
    ...(hasFlags ? [`@group(0) @binding(${binding++}) var<storage, read> flags: array<u32>;`] : []),
    `@group(0) @binding(${binding}) var<storage, read_write> counter: array<f32>;`,
    ...(code.usesPow2Round ? [POW2_ROUND_WGSL] : []),
    '@compute @workgroup_size(1)',
    'fn main() {',
    ...code.uniform.map((line) => `  ${line}`),
    `  if (${nodeVariable(program.guard)} == 0.0f) {`,
    '    counter[0] = counter[0] + 1.0f;',
    '  }',
    '}',
  ];
  return { code: lines.join('\n'), bindings };
}
