import type { ActivationName, DatasetName, Hyperparameters, LossReduction, OptimizerName } from '@descent/example-kit';
import type { BackendName } from '../backends/backend-names.js';

/** One training run, as the flags describe it (see `descent-train --help`). */
export interface TrainConfig {
  readonly optimizer: OptimizerName;
  /** Only the values the user gave; the rest come from the optimizer's defaults. */
  readonly hyperparameters: Hyperparameters;
  readonly epochs: number;
  readonly batchSize: number;
  readonly reduction: LossReduction;
  readonly dataset: DatasetName;
  /** Training points; the test set has half as many, drawn with another seed. */
  readonly samples: number;
  readonly hidden: readonly number[];
  readonly activation: ActivationName;
  readonly seed: number;
  readonly backend: BackendName;
  readonly save?: string;
  readonly resume?: string;
}

/** The defaults `descent-train` runs with. */
export const DEFAULT_CONFIG: TrainConfig = {
  optimizer: 'adam',
  hyperparameters: {},
  epochs: 30,
  batchSize: 64,
  reduction: 'sum',
  dataset: 'spirals',
  samples: 1024,
  hidden: [32, 32],
  activation: 'rectlin',
  seed: 1,
  backend: 'wasm',
};
