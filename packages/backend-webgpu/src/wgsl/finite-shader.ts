import type { BindingKind } from './update-shader.js';
import { u32Literal } from './literals.js';

/** The WGSL of a finite-check kernel over `inputs` buffers and its bind group layout. */
export interface FiniteShader {
  readonly code: string;
  readonly bindings: readonly BindingKind[];
}

/**
 * A kernel that sets `flags[target]` to nonzero when any element of up to `inputs` tensors is
 * NaN or ±Infinity, all in one dispatch. Input k owns workgroups [start, start + count) (from
 * the uniform `items[k]` = (n, start, count, target), as the sum-of-squares kernel). The test
 * reads the exponent bits: WGSL lets a compiler assume floats are finite, so `x != x` or
 * `x * 0.0` cannot be trusted to see a NaN. A thread that finds one does an `atomicOr`; none
 * is needed when every value is finite. `flags` must be zeroed before.
 */
export function finiteShader(inputs: number, workgroupSize: number): FiniteShader {
  const bindings: BindingKind[] = Array.from({ length: inputs }, () => 'read-only-storage' as const);
  bindings.push('uniform', 'storage');
  const exponent = u32Literal(0x7f800000);
  const lines = [
    '// descent finite check',
    `struct Items { v: array<vec4<u32>, ${inputs}> }`,
    ...Array.from({ length: inputs }, (_, k) => `@group(0) @binding(${k}) var<storage, read> g${k}: array<f32>;`),
    `@group(0) @binding(${inputs}) var<uniform> items: Items;`,
    `@group(0) @binding(${inputs + 1}) var<storage, read_write> flags: array<atomic<u32>>;`,
    `@compute @workgroup_size(${workgroupSize})`,
    'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {',
    '  let w = wid.x;',
    ...Array.from({ length: inputs }, (_, k) => [
      `  if (w >= items.v[${k}].y && w < items.v[${k}].y + items.v[${k}].z) {`,
      `    let item = items.v[${k}];`,
      '    var bad = false;',
      `    for (var i = (w - item.y) * ${workgroupSize}u + lid; i < item.x; i = i + item.z * ${workgroupSize}u) {`,
      `      bad = bad || (bitcast<u32>(g${k}[i]) & ${exponent}) == ${exponent};`,
      '    }',
      '    if (bad) {',
      '      atomicOr(&flags[item.w], 1u);',
      '    }',
      '  }',
    ]).flat(),
    '}',
  ];
  return { code: lines.join('\n'), bindings };
}
