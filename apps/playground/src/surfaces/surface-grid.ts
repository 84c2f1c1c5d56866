import type { Surface } from './surfaces.js';

/** f sampled at the centres of a `size` × `size` grid over the surface's domain, row 0 at the lowest y. */
export interface SurfaceGrid {
  readonly size: number;
  /** Row-major, `size * size` values, transformed for contouring (see `Surface.contourScale`). */
  readonly values: Float64Array;
}

/** Samples the surface for its contour plot. */
export function sampleSurface(surface: Surface, size = 160): SurfaceGrid {
  const [x1, x2] = surface.xDomain;
  const [y1, y2] = surface.yDomain;
  const values = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      values[row * size + col] = surface.value(x1 + ((col + 0.5) * (x2 - x1)) / size, y1 + ((row + 0.5) * (y2 - y1)) / size);
    }
  }
  if (surface.contourScale === 'log') {
    let min = Number.POSITIVE_INFINITY;
    for (const v of values) min = Math.min(min, v);
    for (let i = 0; i < values.length; i++) values[i] = Math.log1p(values[i]! - min);
  }
  return { size, values };
}
