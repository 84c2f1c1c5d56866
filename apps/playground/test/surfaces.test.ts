import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '@descent/core';
import { createBackend } from '@descent/backend-wasm';
import { OPTIMIZERS, seededRandom } from '@descent/example-kit';
import { runTrajectory } from '../src/surfaces/run-trajectory.js';
import { sampleSurface } from '../src/surfaces/surface-grid.js';
import { distanceToMinimum, SURFACES, surfaceNamed } from '../src/surfaces/surfaces.js';

beforeAll(async () => {
  setBackend(await createBackend());
});

describe.each(SURFACES.map((s) => [s.name, s] as const))('the %s surface', (_, surface) => {
  it('has an analytic gradient that matches central differences', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 50; i++) {
      const x = surface.xDomain[0] + random() * (surface.xDomain[1] - surface.xDomain[0]);
      const y = surface.yDomain[0] + random() * (surface.yDomain[1] - surface.yDomain[0]);
      const h = 1e-5;
      const numeric = [(surface.value(x + h, y) - surface.value(x - h, y)) / (2 * h), (surface.value(x, y + h) - surface.value(x, y - h)) / (2 * h)];
      const [gx, gy] = surface.gradient(x, y);
      const scale = 1 + Math.hypot(...numeric);
      expect(Math.abs(gx - numeric[0]!) / scale).toBeLessThan(1e-5);
      expect(Math.abs(gy - numeric[1]!) / scale).toBeLessThan(1e-5);
    }
  });

  it('has zero gradient at its minima, each the lowest value nearby', () => {
    for (const [x, y] of surface.minima) {
      expect(Math.hypot(...surface.gradient(x, y))).toBeLessThan(1e-4);
      for (const [dx, dy] of [[0.01, 0], [-0.01, 0], [0, 0.01], [0, -0.01]] as const) expect(surface.value(x + dx, y + dy)).toBeGreaterThan(surface.value(x, y));
    }
  });

  it('samples a full, finite grid for its contours', () => {
    const grid = sampleSurface(surface, 20);
    expect(grid.values).toHaveLength(400);
    expect(grid.values.every(Number.isFinite)).toBe(true);
  });
});

describe('runTrajectory (the real optimizers on the wasm backend, in Node)', () => {
  it('takes Adam with the Beale preset to within 0.1 of (3, 0.5) in 500 steps', () => {
    const beale = surfaceNamed('beale');
    const optimizer = OPTIMIZERS.adam.create(beale.presets.adam!);
    const trajectory = runTrajectory(beale, optimizer, 500);
    optimizer.dispose();
    expect(trajectory.points).toHaveLength(501);
    expect(trajectory.points[0]).toEqual([1, 1.5]);
    expect(distanceToMinimum(beale, trajectory.points.at(-1)!)).toBeLessThan(0.1);
    expect(trajectory.values.at(-1)!).toBeLessThan(1e-3);
  });

  it('moves a point exactly as one GDM step says: p - lr * grad', () => {
    const rosenbrock = surfaceNamed('rosenbrock');
    const optimizer = OPTIMIZERS.gdm.create({ learningRate: 1e-3, momentumCoef: 0 });
    const [p0, p1] = runTrajectory(rosenbrock, optimizer, 1).points;
    optimizer.dispose();
    const [gx, gy] = rosenbrock.gradient(...p0!);
    expect(p1![0]).toBeCloseTo(Math.fround(p0![0] - 1e-3 * gx), 5);
    expect(p1![1]).toBeCloseTo(Math.fround(p0![1] - 1e-3 * gy), 5);
  });

  it('leaks no tensor', () => {
    const optimizer = OPTIMIZERS.rmsprop.create({ learningRate: 0.01 });
    const before = tf.memory().numTensors;
    runTrajectory(surfaceNamed('himmelblau'), optimizer, 50);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
