import * as Plot from '@observablehq/plot';
import type { Dataset } from '@descent/example-kit';

/** The classifier's P(class 1) on a grid, row 0 at y = -EXTENT. */
export interface ProbabilityGrid {
  readonly size: number;
  readonly values: Float32Array;
}

/** Half the side of the square the map shows. */
export const EXTENT = 1.25;

/** The decision map: P(class 1) as a raster, the boundary at 0.5, and the training points. */
export function renderDecisionMap(data: Dataset, grid: ProbabilityGrid | undefined): Element {
  const points = Array.from({ length: data.count }, (_, i) => ({ x: data.features[2 * i]!, y: data.features[2 * i + 1]!, label: data.labels[i]! }));
  const bounds = { x1: -EXTENT, x2: EXTENT, y1: -EXTENT, y2: EXTENT };
  return Plot.plot({
    width: 300,
    height: 300,
    marginLeft: 35,
    marginBottom: 30,
    x: { domain: [-EXTENT, EXTENT], label: null },
    y: { domain: [-EXTENT, EXTENT], label: null },
    color: { type: 'linear', domain: [0, 1], range: ['#e8f0fb', '#fbe9e2'] },
    marks: [
      grid ? Plot.raster(grid.values, { width: grid.size, height: grid.size, ...bounds, fill: Plot.identity, imageRendering: 'auto' }) : null,
      grid ? Plot.contour(grid.values, { width: grid.size, height: grid.size, ...bounds, value: Plot.identity, thresholds: [0.5], stroke: '#333', strokeWidth: 1.5, fill: null }) : null,
      Plot.dot(points, { x: 'x', y: 'y', r: 2, fill: (p: { label: number }) => (p.label === 1 ? '#d6541e' : '#2f6db5'), stroke: null }),
      Plot.frame({ stroke: '#999' }),
    ],
  });
}
