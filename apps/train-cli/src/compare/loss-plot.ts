import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { TrainResult } from '../train/train.js';

/** The vega-lite spec of the comparison: training loss (log scale) and test accuracy per epoch, one line per optimizer. */
export function lossPlotSpec(results: readonly TrainResult[], title: string): TopLevelSpec {
  const values = results.flatMap((result) =>
    result.records.map((record) => ({ optimizer: result.config.optimizer, epoch: record.epoch, loss: record.loss, accuracy: record.testAccuracy })),
  );
  const order = results.map((result) => result.config.optimizer);
  const color = { field: 'optimizer', type: 'nominal', sort: order, title: 'optimizer', scale: { scheme: 'tableau10' }, legend: { orient: 'top', direction: 'horizontal' } } as const;
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start', fontSize: 14 },
    data: { values },
    config: { font: 'sans-serif', view: { stroke: '#ccc' } },
    hconcat: [
      {
        width: 400,
        height: 300,
        title: 'training loss (mean cross-entropy per sample)',
        mark: { type: 'line', strokeWidth: 2, point: { size: 18 } },
        encoding: { x, y: { field: 'loss', type: 'quantitative', scale: { type: 'log' }, title: 'loss (log scale)' }, color },
      },
      {
        width: 400,
        height: 300,
        title: 'test accuracy',
        mark: { type: 'line', strokeWidth: 2, point: { size: 18 } },
        encoding: { x, y: { field: 'accuracy', type: 'quantitative', scale: { zero: false, domainMax: 1 }, axis: { format: '%' }, title: 'accuracy' }, color },
      },
    ],
  };
}

/** Renders the comparison to a standalone SVG document (vega's headless renderer, no browser). */
export async function renderLossPlot(results: readonly TrainResult[], title: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(lossPlotSpec(results, title)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
