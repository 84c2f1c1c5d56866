import { normalSample, seededRandom } from '../random.js';
import { type Dataset, type DatasetOptions, twoClassDataset } from './dataset.js';

/** Two interleaving half circles ("moons"), scaled and centred to fit in [-1, 1]. */
export function twoMoons({ count, seed, noise = 0.08 }: DatasetOptions): Dataset {
  const random = seededRandom(seed);
  return twoClassDataset('moons', count, (label) => {
    const angle = Math.PI * random();
    const [x, y] = label === 0 ? [Math.cos(angle), Math.sin(angle)] : [1 - Math.cos(angle), 0.5 - Math.sin(angle)];
    return [(x - 0.5) / 1.6 + noise * normalSample(random), (y - 0.25) / 1.6 + noise * normalSample(random)];
  });
}
