import type { Hyperparameters, OptimizerName } from '@descent/example-kit';

/** A point of the plane. */
export type Point = readonly [number, number];

/**
 * A classic 2-D test function with its analytic gradient (checked against finite differences in
 * the tests). Plain numbers: one step is then a single fused optimizer update, not dozens of
 * tiny tfjs autodiff ops.
 */
export interface Surface {
  readonly name: string;
  readonly title: string;
  readonly formula: string;
  readonly value: (x: number, y: number) => number;
  readonly gradient: (x: number, y: number) => Point;
  readonly xDomain: Point;
  readonly yDomain: Point;
  readonly start: Point;
  /** Global minima (none for the saddle). */
  readonly minima: readonly Point[];
  /** Contours of log(1 + f - min f) for steep bowls, of f itself otherwise. */
  readonly contourScale: 'log' | 'linear';
  /** Hyperparameters that suit this surface better than the classifier's defaults. */
  readonly presets: Partial<Record<OptimizerName, Hyperparameters>>;
}

/** Beale's three terms at (x, y). */
function bealeTerms(x: number, y: number): [number, number, number] {
  return [1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y ** 3];
}

/** The surfaces, in the order the page lists them. */
export const SURFACES: readonly Surface[] = [
  {
    name: 'beale',
    title: 'Beale',
    formula: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
    value: (x, y) => bealeTerms(x, y).reduce((sum, t) => sum + t * t, 0),
    gradient: (x, y) => {
      const [a, b, c] = bealeTerms(x, y);
      return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
    },
    xDomain: [-4.5, 4.5],
    yDomain: [-4.5, 4.5],
    start: [1, 1.5],
    minima: [[3, 0.5]],
    contourScale: 'log',
    presets: { gdm: { learningRate: 0.003 }, nesterov: { learningRate: 0.003 }, rmsprop: { learningRate: 0.01 }, adagrad: { learningRate: 0.3 }, adadelta: { epsilon: 1e-4 }, adam: { learningRate: 0.1 }, 'shift-adamax': { learningRate: 0.01 } },
  },
  {
    name: 'rosenbrock',
    title: 'Rosenbrock',
    formula: '(1 − x)² + 100 (y − x²)²',
    value: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    gradient: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
    xDomain: [-2, 2],
    yDomain: [-1, 3],
    start: [-1.5, 2],
    minima: [[1, 1]],
    contourScale: 'log',
    presets: { gdm: { learningRate: 0.001 }, nesterov: { learningRate: 0.001 }, rmsprop: { learningRate: 0.03 }, adagrad: { learningRate: 0.3 }, adadelta: { epsilon: 1e-4 }, adam: { learningRate: 0.1 }, 'shift-adamax': { learningRate: 0.3 } },
  },
  {
    name: 'saddle',
    title: 'Saddle',
    formula: 'x² − y²',
    value: (x, y) => x * x - y * y,
    gradient: (x, y) => [2 * x, -2 * y],
    xDomain: [-2, 2],
    yDomain: [-2, 2],
    start: [-1.8, 0.01],
    minima: [],
    contourScale: 'linear',
    presets: { gdm: { learningRate: 0.001 }, nesterov: { learningRate: 0.001 }, rmsprop: { learningRate: 0.01 }, adagrad: { learningRate: 0.1 }, adadelta: { epsilon: 1e-6 }, adam: { learningRate: 0.01 }, 'shift-adamax': { learningRate: 0.01 } },
  },
  {
    name: 'himmelblau',
    title: 'Himmelblau',
    formula: '(x² + y − 11)² + (x + y² − 7)²',
    value: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
    gradient: (x, y) => {
      const [a, b] = [x * x + y - 11, x + y * y - 7];
      return [4 * x * a + 2 * b, 2 * a + 4 * y * b];
    },
    xDomain: [-5, 5],
    yDomain: [-5, 5],
    start: [-0.5, -4.5],
    minima: [[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]],
    contourScale: 'log',
    presets: { gdm: { learningRate: 0.003 }, nesterov: { learningRate: 0.003 }, rmsprop: { learningRate: 0.03 }, adagrad: { learningRate: 0.3 }, adadelta: { epsilon: 1e-4 }, adam: { learningRate: 0.03 }, 'shift-adamax': { learningRate: 0.3 } },
  },
];

/** The surface called `name`. */
export function surfaceNamed(name: string): Surface {
  const surface = SURFACES.find((s) => s.name === name);
  if (!surface) throw new Error(`no surface "${name}"`);
  return surface;
}

/** Distance from `point` to the nearest minimum (Infinity where there is none). */
export function distanceToMinimum(surface: Surface, point: Point): number {
  return Math.min(...surface.minima.map(([x, y]) => Math.hypot(point[0] - x, point[1] - y)));
}
