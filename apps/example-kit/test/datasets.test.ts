import { describe, expect, it } from 'vitest';
import { DATASET_NAMES, generateDataset } from '@descent/example-kit';

describe.each(DATASET_NAMES)('the %s generator', (name) => {
  it('gives the same points for the same seed and other points for another seed', () => {
    const a = generateDataset(name, { count: 200, seed: 5 });
    const b = generateDataset(name, { count: 200, seed: 5 });
    const c = generateDataset(name, { count: 200, seed: 6 });
    expect(a.features).toEqual(b.features);
    expect(a.features).not.toEqual(c.features);
  });

  it('makes two balanced classes of finite points in a small box', () => {
    const data = generateDataset(name, { count: 300, seed: 1 });
    expect(data.features).toHaveLength(600);
    expect(data.labels.filter((label) => label === 1)).toHaveLength(150);
    expect([...data.labels].every((label) => label === 0 || label === 1)).toBe(true);
    for (const value of data.features) expect(Math.abs(value)).toBeLessThan(1.5);
  });
});

it('separates the classes of circles by radius', () => {
  const data = generateDataset('circles', { count: 400, seed: 2, noise: 0 });
  for (let i = 0; i < data.count; i++) {
    const radius = Math.hypot(data.features[2 * i]!, data.features[2 * i + 1]!);
    expect(radius).toBeCloseTo(data.labels[i] === 0 ? 0.8 : 0.4, 5);
  }
});
