import { randomValues, seeded, sizeOf } from '../seeded.js';

/** Everything one run of an optimizer is fed, derived from a seed. */
export interface RunInputs {
  /** The seed everything below was drawn from. */
  readonly seed: number;
  /** The params' shapes. */
  readonly shapes: readonly (readonly number[])[];
  /** Initial parameter values (float32-rounded), one flat list per shape. */
  readonly initial: readonly (readonly number[])[];
  /** Per step: its epoch and the raw (batch-sum) gradients. */
  readonly steps: readonly {
    /** The epoch `optimize()` is called with. */
    readonly epoch: number;
    /** The raw (batch-sum) gradients, one flat list per param. */
    readonly grads: readonly (readonly number[])[];
  }[];
  /** The backend's batch size for the run. */
  readonly batchSize: number;
}

/** Optimizer calls per epoch in every run, so schedules see the epoch change mid-run. */
export const STEPS_PER_EPOCH = 4;

function randomShape(next: () => number, maxRank: number, maxDim: number): number[] {
  const rank = 1 + Math.floor(next() * maxRank);
  return Array.from({ length: rank }, () => 1 + Math.floor(next() * maxDim));
}

/**
 * Shapes with the edge cases of fused kernels: a 0-d scalar, a single element, an odd size
 * larger than a WebGPU workgroup and not a multiple of a SIMD vector, and random shapes of
 * ranks 1 to 3.
 */
export function randomShapes(next: () => number): number[][] {
  const odd = 257 + 2 * Math.floor(next() * 400);
  const random = Array.from({ length: 2 + Math.floor(next() * 3) }, () => randomShape(next, 3, 9));
  return [[], [1], [odd], ...random];
}

/** Many small tensors (an optimizer call over a whole model): `count` random shapes of rank 1 or 2. */
export function manyShapes(next: () => number, count: number): number[][] {
  return Array.from({ length: count }, () => randomShape(next, 2, 6));
}

/** The inputs of one run: `shapes` (default {@link randomShapes}), values uniform in [-1, 1]. */
export function runInputs(options: {
  readonly seed: number;
  readonly steps: number;
  readonly batchSize?: number;
  readonly gradScale?: number;
  readonly shapes?: (next: () => number) => readonly (readonly number[])[];
}): RunInputs {
  const { seed, steps, batchSize = 1, gradScale = 1 } = options;
  const next = seeded(seed);
  const shapes = (options.shapes ?? randomShapes)(next);
  const initial = shapes.map((shape) => randomValues(next, sizeOf(shape), 1));
  return {
    seed,
    shapes,
    initial,
    batchSize,
    steps: Array.from({ length: steps }, (_, step) => ({
      epoch: Math.floor(step / STEPS_PER_EPOCH),
      // Gradients are batch sums in neon, so they grow with the batch size.
      grads: shapes.map((shape) => randomValues(next, sizeOf(shape), gradScale * batchSize)),
    })),
  };
}
