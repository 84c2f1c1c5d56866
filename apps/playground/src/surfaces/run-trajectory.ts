import * as tf from '@tensorflow/tfjs-core';
import type { Layer, Optimizer, ParamEntry } from '@descent/core';
import type { Point, Surface } from './surfaces.js';

/** The path of one optimizer on a surface. */
export interface Trajectory {
  /** The start, then the point after each step. */
  readonly points: Point[];
  /** f at each point. */
  readonly values: number[];
}

/**
 * Steps `optimizer` on `surface` from its start: the parameter is a 2-element tf.Variable, its
 * gradient the surface's analytic gradient at the current point, and the real Descent optimizer
 * updates it through `optimize([layer], epoch)`. Every step is a full-batch epoch (the surface is
 * deterministic), so the epoch passed is the step index. Stops early if the point stops being
 * finite.
 */
export function runTrajectory(surface: Surface, optimizer: Optimizer, steps: number): Trajectory {
  const param = tf.tidy(() => tf.variable(tf.tensor1d([...surface.start]), true)); // tidy frees the initial tensor
  const entry: ParamEntry & { grad: tf.Tensor } = { param, grad: tf.zeros([2]), states: [] };
  const layer: Layer = { name: 'point', getParams: () => [entry] };
  const points: Point[] = [];
  const values: number[] = [];
  try {
    for (let step = 0; step <= steps; step++) {
      const [x, y] = param.dataSync() as Float32Array;
      points.push([x!, y!]);
      values.push(surface.value(x!, y!));
      if (step === steps || !Number.isFinite(x) || !Number.isFinite(y)) break;
      entry.grad.dispose();
      entry.grad = tf.tensor1d(surface.gradient(x!, y!) as [number, number]);
      optimizer.optimize([layer], step);
    }
  } finally {
    tf.dispose([param, entry.grad, ...entry.states]);
  }
  return { points, values };
}
