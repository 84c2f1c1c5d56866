import { normalSample, seededRandom } from '../random.js';
import { type Dataset, type DatasetOptions, twoClassDataset } from './dataset.js';

/** A disc of one class inside a ring of the other. */
export function concentricCircles({ count, seed, noise = 0.05 }: DatasetOptions): Dataset {
  const random = seededRandom(seed);
  return twoClassDataset('circles', count, (label) => {
    const angle = 2 * Math.PI * random();
    const radius = label === 0 ? 0.8 : 0.4;
    return [radius * Math.cos(angle) + noise * normalSample(random), radius * Math.sin(angle) + noise * normalSample(random)];
  });
}
