import { BackendError } from '@descent/core';
import type { Kernel, KernelCache } from './kernels.js';
import type { UniformArena } from './uniforms.js';

/** One tensor whose sum of squares is added into `sums[target]`. */
export interface ReductionInput {
  readonly buffer: GPUBuffer;
  readonly size: number;
  readonly target: number;
}

/** Most workgroups one tensor's reduction uses; each adds one partial sum atomically. */
const MAX_GROUPS_PER_INPUT = 256;

/**
 * Plans the sum-of-squares dispatches of a step (or, with `kernelFor` giving finite-check
 * kernels, the finite checks, which share the layout): inputs are taken `kernels.reduceInputs` at
 * a time (one dispatch each), every input gets up to 256 workgroups. Allocates each
 * dispatch's item table in the uniform arena now; the returned function records the
 * dispatches into a compute pass once the arena's buffer exists.
 */
export function encodeReductions(
  device: GPUDevice,
  kernels: KernelCache,
  uniforms: UniformArena,
  inputs: readonly ReductionInput[],
  sums: GPUBuffer,
  kernelFor: (inputs: number) => Kernel = (n) => kernels.reduce(n),
): (pass: GPUComputePassEncoder, uniformBuffer: GPUBuffer) => void {
  const wg = kernels.workgroupSize;
  const per = kernels.reduceInputs;
  const groups: { inputs: readonly ReductionInput[]; offset: number; workgroups: number }[] = [];
  for (let start = 0; start < inputs.length; start += per) {
    const chunk = inputs.slice(start, start + per);
    const kernel = kernelFor(chunk.length);
    if (kernel.error) throw new BackendError(`${kernel.label} failed to compile: ${kernel.error}`);
    const offset = uniforms.allocate(16 * chunk.length);
    let workgroups = 0;
    chunk.forEach((input, k) => {
      const count = Math.min(Math.ceil(input.size / wg), MAX_GROUPS_PER_INPUT);
      uniforms.setU32(offset, 4 * k, input.size);
      uniforms.setU32(offset, 4 * k + 1, workgroups);
      uniforms.setU32(offset, 4 * k + 2, count);
      uniforms.setU32(offset, 4 * k + 3, input.target);
      workgroups += count;
    });
    groups.push({ inputs: chunk, offset, workgroups });
  }
  return (pass, uniformBuffer) => {
    for (const group of groups) {
      const kernel = kernelFor(group.inputs.length);
      const ranges = group.inputs.map((x) => ({ buffer: x.buffer, offset: 0, size: x.size * 4 }));
      ranges.push({ buffer: uniformBuffer, offset: group.offset, size: 16 * group.inputs.length });
      ranges.push({ buffer: sums, offset: 0, size: sums.size });
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, kernel.bindGroups.get(device, kernel.layout, ranges));
      pass.dispatchWorkgroups(group.workgroups);
    }
  };
}
