import { normalSample, seededRandom } from '../random.js';
import { type Dataset, type DatasetOptions, twoClassDataset } from './dataset.js';

/** Two interleaved spirals (one and a half turns each), a classic non-linear toy set. */
export function twoSpirals({ count, seed, noise = 0.03 }: DatasetOptions): Dataset {
  const random = seededRandom(seed);
  return twoClassDataset('spirals', count, (label) => {
    const t = 0.25 + 2.75 * random();
    const angle = t * Math.PI + label * Math.PI;
    const radius = t / 3;
    return [radius * Math.cos(angle) + noise * normalSample(random), radius * Math.sin(angle) + noise * normalSample(random)];
  });
}
