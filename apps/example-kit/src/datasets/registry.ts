import { concentricCircles } from './circles.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import { twoMoons } from './moons.js';
import { twoSpirals } from './spirals.js';

/** The generators by name, in the order the apps list them. */
export const DATASETS = {
  spirals: twoSpirals,
  moons: twoMoons,
  circles: concentricCircles,
} as const satisfies Record<string, (options: DatasetOptions) => Dataset>;

/** A generator's name: `spirals`, `moons` or `circles`. */
export type DatasetName = keyof typeof DATASETS;

/** Every generator's name. */
export const DATASET_NAMES = Object.keys(DATASETS) as DatasetName[];

/** True for the name of a generator in {@link DATASETS}. */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(DATASETS, name);
}

/** Generates `name` with `options`. */
export function generateDataset(name: DatasetName, options: DatasetOptions): Dataset {
  return DATASETS[name](options);
}
