import * as tf from '@tensorflow/tfjs';

/** Two interleaved spirals, a classic non-linear toy set, generated from a seed (no download). */
export function twoSpirals(count: number, seed = 1): { x: tf.Tensor2D; y: tf.Tensor2D } {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const t = 0.25 + 2.75 * random();
    const angle = t * Math.PI + label * Math.PI;
    const noise = () => (random() - 0.5) * 0.08;
    xs.push((t / 3) * Math.cos(angle) + noise(), (t / 3) * Math.sin(angle) + noise());
    ys.push(label === 0 ? 1 : 0, label);
  }
  return { x: tf.tensor2d(xs, [count, 2]), y: tf.tensor2d(ys, [count, 2]) };
}
