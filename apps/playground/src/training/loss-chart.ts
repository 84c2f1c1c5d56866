import * as Plot from '@observablehq/plot';

/** One point of the loss chart. */
export interface LossPoint {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
}

/** Training loss per epoch (log scale) with the accuracy as a second, dashed line on its own axis. */
export function renderLossChart(points: readonly LossPoint[], color: string): Element {
  const finite = points.filter((p) => Number.isFinite(p.loss) && p.loss > 0);
  const lossMax = Math.max(1, ...finite.map((p) => p.loss));
  const lossMin = Math.min(lossMax / 10, ...finite.map((p) => p.loss));
  // Accuracy in [0, 1] drawn on the loss axis's log scale: map it onto [lossMin, lossMax].
  const toLossAxis = (a: number) => lossMin * (lossMax / lossMin) ** a;
  return Plot.plot({
    width: 520,
    height: 260,
    marginLeft: 55,
    marginRight: 50,
    x: { label: 'epoch', domain: [1, Math.max(2, points.length)], grid: true },
    y: { type: 'log', label: 'loss (log)', domain: [lossMin, lossMax], grid: true },
    marks: [
      Plot.axisY({ anchor: 'left', label: 'loss (log)', tickFormat: (v: number) => String(Number(v.toPrecision(2))) }),
      Plot.axisY([0, 0.25, 0.5, 0.75, 1].map(toLossAxis), { anchor: 'right', label: 'accuracy (dashed)', tickFormat: (v: number) => `${Math.round((Math.log(v / lossMin) / Math.log(lossMax / lossMin)) * 100)}%` }),
      Plot.line(finite, { x: 'epoch', y: 'loss', stroke: color, strokeWidth: 2.5 }),
      Plot.line(points, { x: 'epoch', y: (p: LossPoint) => toLossAxis(p.accuracy), stroke: '#555', strokeDasharray: '4,3', strokeWidth: 1.5 }),
      Plot.dot(finite.slice(-1), { x: 'epoch', y: 'loss', fill: color, r: 4 }),
    ],
  });
}
