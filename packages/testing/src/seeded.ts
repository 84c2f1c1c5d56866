/** mulberry32: a seeded uniform generator on [0, 1), so a failure replays from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The number of elements of a shape (1 for a 0-d scalar). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Uniform values in [-scale, scale], rounded to float32 so both sides start from the same numbers. */
export function randomValues(next: () => number, size: number, scale: number): number[] {
  return Array.from({ length: size }, () => Math.fround((2 * next() - 1) * scale));
}
