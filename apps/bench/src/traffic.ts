import { type ElementwiseOptimizer, fusePipeline, type UpdateProgram } from '@descent/core';

/** The memory an update streams over, per element, read off its compiled program. */
export interface Traffic {
  /** Tensor slot names, in binding order (param, grad, states...). */
  readonly slots: readonly string[];
  /** Slots the update reads. */
  readonly reads: readonly number[];
  /** Slots the update writes (in place). */
  readonly writes: readonly number[];
  /** Bytes moved per element: 4 per slot read plus 4 per slot written (float32). */
  readonly bytesPerElement: number;
}

/**
 * What `optimizer`'s fused program (as the benchmark runs it: no clipping) reads and writes.
 * E.g. Adam reads param, grad, m, v and writes param, m, v: 28 bytes per element.
 */
export function trafficOf(optimizer: ElementwiseOptimizer): Traffic {
  const program: UpdateProgram = fusePipeline(optimizer.rule, {
    gradientClipNorm: false,
    gradientClipValue: false,
    paramClipValue: false,
  });
  const reads = new Set<number>();
  for (const node of program.nodes) if (node.op === 'tensor') reads.add(node.slot);
  const writes = new Set(program.outputs.map((o) => o.slot));
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return {
    slots: program.tensors,
    reads: sorted(reads),
    writes: sorted(writes),
    bytesPerElement: 4 * (reads.size + writes.size),
  };
}
