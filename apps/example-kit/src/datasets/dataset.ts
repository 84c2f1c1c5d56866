/** Points in the plane with a class label each: what every generated dataset returns. */
export interface Dataset {
  /** Which generator made it, e.g. `spirals`. */
  readonly name: string;
  /** `count * 2` coordinates: x0, y0, x1, y1, ... (roughly within [-1, 1]). */
  readonly features: Float32Array;
  /** One class index per point, 0 or 1. */
  readonly labels: Int32Array;
  readonly count: number;
  readonly classes: number;
}

/** Options every generator takes. */
export interface DatasetOptions {
  /** How many points (split evenly between the two classes). */
  readonly count: number;
  /** The generator's seed: the same seed gives the same points. */
  readonly seed: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  readonly noise?: number;
}

/** Builds a two-class dataset from a function giving point `i` of class `label`. */
export function twoClassDataset(name: string, count: number, point: (label: number) => [number, number]): Dataset {
  const features = new Float32Array(count * 2);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const [x, y] = point(label);
    features[2 * i] = x;
    features[2 * i + 1] = y;
    labels[i] = label;
  }
  return { name, features, labels, count, classes: 2 };
}
