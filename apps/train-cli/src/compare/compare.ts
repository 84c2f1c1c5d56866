import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hyperparametersOf, type Hyperparameters, type OptimizerName } from '@descent/example-kit';
import { train, type TrainHooks, type TrainResult } from '../train/train.js';
import type { TrainConfig } from '../train/train-config.js';
import { renderLossPlot } from './loss-plot.js';
import { resultsTable } from './results-table.js';

/** Options of {@link compare}: the shared run, the optimizers, and where the plot and table go. */
export interface CompareOptions {
  readonly config: TrainConfig;
  readonly optimizers: readonly OptimizerName[];
  /** The SVG file to write. */
  readonly plot: string;
  /** The markdown file to write. */
  readonly table: string;
  /** Hooks for each run, given the optimizer's name. */
  readonly hooksFor?: (optimizer: OptimizerName) => TrainHooks;
}

/** What {@link compare} did. */
export interface CompareResult {
  readonly results: readonly TrainResult[];
  readonly table: string;
  readonly svg: string;
}

/** The given hyperparameters that `optimizer` takes. */
function applicable(optimizer: OptimizerName, values: Hyperparameters): Hyperparameters {
  const keys = new Set(hyperparametersOf(optimizer));
  return Object.fromEntries(Object.entries(values).filter(([key]) => keys.has(key as keyof Hyperparameters)));
}

/**
 * Trains the same model (same seed, data, epochs, batch size, backend) once per optimizer,
 * each with the given hyperparameters it takes and its defaults otherwise, then writes the
 * loss-curve plot (SVG) and the results table (markdown). One untimed warm-up epoch runs first.
 */
export async function compare({ config, optimizers, plot, table, hooksFor }: CompareOptions): Promise<CompareResult> {
  // One untimed epoch first, so that the first optimizer's time does not include warming up tfjs and the JIT.
  await train({ ...config, optimizer: optimizers[0]!, hyperparameters: applicable(optimizers[0]!, config.hyperparameters), epochs: 1, save: undefined, resume: undefined });
  const results: TrainResult[] = [];
  for (const optimizer of optimizers) {
    results.push(await train({ ...config, optimizer, hyperparameters: applicable(optimizer, config.hyperparameters) }, hooksFor?.(optimizer)));
  }
  const model = `MLP 2-${config.hidden.join('-')}-2 (${config.activation})`;
  const title = `Descent optimizers on ${config.dataset} (${config.samples} points): ${model}, batch ${config.batchSize}, backend ${config.backend}, seed ${config.seed}`;
  const svg = await renderLossPlot(results, title);
  const markdown = resultsTable(results);
  for (const file of [plot, table]) await mkdir(dirname(file), { recursive: true });
  await writeFile(plot, svg);
  await writeFile(table, `# ${title}\n\n${markdown}\n`);
  return { results, table: markdown, svg };
}
