import * as Plot from '@observablehq/plot';
import type { SurfaceGrid } from './surface-grid.js';
import type { Point, Surface } from './surfaces.js';

/** A rendered contour plot and the mapping from surface coordinates to its pixels. */
export interface SurfacePlot {
  readonly svg: SVGSVGElement;
  project(point: Point): [number, number];
  /** The plotting frame in pixels: where paths are clipped. */
  readonly frame: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
}

const SIZE = 560;
const MARGIN = { top: 20, right: 20, bottom: 40, left: 50 };

/** Filled contours of the surface (Observable Plot), its minima as crosses, and the start as a ring. */
export function renderSurfacePlot(surface: Surface, grid: SurfaceGrid): SurfacePlot {
  const [x1, x2] = surface.xDomain;
  const [y1, y2] = surface.yDomain;
  const svg = Plot.plot({
    width: SIZE,
    height: SIZE,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    x: { domain: [x1, x2], label: 'x' },
    y: { domain: [y1, y2], label: 'y' },
    color: { type: 'linear', scheme: 'ylgnbu' },
    marks: [
      Plot.contour(grid.values, { width: grid.size, height: grid.size, x1, x2, y1, y2, fill: Plot.identity, stroke: 'white', strokeOpacity: 0.5, strokeWidth: 0.5, thresholds: 28 }),
      Plot.dot(surface.minima, { x: (p: Point) => p[0], y: (p: Point) => p[1], symbol: 'times', r: 7, stroke: 'black', strokeWidth: 2.5 }),
      Plot.dot([surface.start], { x: (p: Point) => p[0], y: (p: Point) => p[1], r: 6, stroke: 'black', strokeWidth: 2, fill: 'white' }),
      Plot.frame({ stroke: '#999' }),
    ],
  }) as unknown as SVGSVGElement;
  const plot = svg as unknown as { scale(name: 'x' | 'y'): { apply(value: number): number } };
  const x = plot.scale('x');
  const y = plot.scale('y');
  return {
    svg,
    project: ([px, py]) => [x.apply(px), y.apply(py)],
    frame: { left: MARGIN.left, top: MARGIN.top, width: SIZE - MARGIN.left - MARGIN.right, height: SIZE - MARGIN.top - MARGIN.bottom },
  };
}
