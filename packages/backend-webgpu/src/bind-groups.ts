/** One buffer range of a bind group, binding i = entry i. */
export interface BufferRange {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly size: number;
}

interface Entry {
  readonly ranges: readonly BufferRange[];
  readonly group: GPUBindGroup;
}

function sameRanges(a: readonly BufferRange[], b: readonly BufferRange[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.buffer !== y.buffer || x.offset !== y.offset || x.size !== y.size) return false;
  }
  return true;
}

/**
 * Reuses bind groups between steps: a parameter keeps its buffers from step to step, so its
 * bind group is created once, not per step. Entries are looked up by the first buffer and
 * reused only when every range matches.
 */
export class BindGroupCache {
  private entries = new WeakMap<GPUBuffer, Entry>();

  get(device: GPUDevice, layout: GPUBindGroupLayout, ranges: readonly BufferRange[]): GPUBindGroup {
    const key = ranges[0]!.buffer;
    const found = this.entries.get(key);
    if (found && sameRanges(found.ranges, ranges)) return found.group;
    const group = device.createBindGroup({
      layout,
      entries: ranges.map((r, binding) => ({ binding, resource: { buffer: r.buffer, offset: r.offset, size: r.size } })),
    });
    this.entries.set(key, { ranges: ranges.slice(), group });
    return group;
  }
}
