import type { BindingKind } from './update-shader.js';

/** The WGSL of a sum-of-squares kernel over `inputs` buffers and its bind group layout. */
export interface ReduceShader {
  readonly code: string;
  readonly bindings: readonly BindingKind[];
}

/**
 * A kernel that adds the sums of squares of up to `inputs` tensors into `sums`, all in one
 * dispatch. Input k owns workgroups [start, start + count) (from the uniform `items[k]` =
 * (n, start, count, target)); each workgroup reduces a grid-stride share of its input in
 * workgroup memory, then adds its partial sum into `sums[target]` with a compare-and-swap
 * loop on the float's bits (WGSL has no float atomics). `sums` must be zeroed before.
 *
 * Float32 throughout: the order of additions depends on scheduling, so the last bits of a
 * sum may vary between runs (relative error ~1e-7, far below the 1e-5 target).
 */
export function reduceShader(inputs: number, workgroupSize: number): ReduceShader {
  const bindings: BindingKind[] = Array.from({ length: inputs }, () => 'read-only-storage' as const);
  bindings.push('uniform', 'storage');
  const declarations: string[] = [];
  const branches: string[] = [];
  for (let k = 0; k < inputs; k++) {
    declarations.push(`@group(0) @binding(${k}) var<storage, read> g${k}: array<f32>;`);
    branches.push(
      `  if (w >= items.v[${k}].y && w < items.v[${k}].y + items.v[${k}].z) {`,
      `    let item = items.v[${k}];`,
      `    for (var i = (w - item.y) * ${workgroupSize}u + lid; i < item.x; i = i + item.z * ${workgroupSize}u) {`,
      `      let x = g${k}[i];`,
      '      acc = acc + x * x;',
      '    }',
      '    dst = item.w;',
      '  }',
    );
  }
  const lines = [
    '// descent sum of squares',
    `struct Items { v: array<vec4<u32>, ${inputs}> }`,
    ...declarations,
    `@group(0) @binding(${inputs}) var<uniform> items: Items;`,
    `@group(0) @binding(${inputs + 1}) var<storage, read_write> sums: array<atomic<u32>>;`,
    `var<workgroup> partial: array<f32, ${workgroupSize}>;`,
    `@compute @workgroup_size(${workgroupSize})`,
    'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {',
    '  let w = wid.x;',
    '  var acc = 0.0f;',
    '  var dst = 0u;',
    ...branches,
    '  partial[lid] = acc;',
    '  workgroupBarrier();',
    `  for (var half = ${workgroupSize / 2}u; half > 0u; half = half >> 1u) {`,
    '    if (lid < half) {',
    '      partial[lid] = partial[lid] + partial[lid + half];',
    '    }',
    '    workgroupBarrier();',
    '  }',
    '  if (lid == 0u) {',
    '    let add = partial[0];',
    '    var old = atomicLoad(&sums[dst]);',
    '    loop {',
    '      let swapped = atomicCompareExchangeWeak(&sums[dst], old, bitcast<u32>(bitcast<f32>(old) + add));',
    '      if (swapped.exchanged) { break; }',
    '      old = swapped.old_value;',
    '    }',
    '  }',
    '}',
  ];
  return { code: lines.join('\n'), bindings };
}
