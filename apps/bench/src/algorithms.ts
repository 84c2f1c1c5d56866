import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import type { ElementwiseOptimizer } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import * as tf from '@tensorflow/tfjs-core';

/** One algorithm of the benchmark: Descent's optimizer and the matching `tf.train` one. */
export interface Algorithm {
  /** Short name used by `--algorithms` and in the tables. */
  readonly id: string;
  /** Descent's class name. */
  readonly name: string;
  /** The `tf.train` factory it is compared with. */
  readonly tfName: string;
  readonly descent: () => ElementwiseOptimizer;
  readonly tfTrain: () => tf.Optimizer;
}

/**
 * The six algorithms with the same hyper-parameters on both sides (neon's defaults where the
 * two libraries agree on their meaning). The update rules differ in details (neon's RMSProp
 * adds epsilon twice, tfjs' Adadelta uses the stale accumulator, ShiftAdaMax rounds its steps
 * to powers of two), but each pair streams over the same arrays and does comparable work.
 */
export const ALGORITHMS: readonly Algorithm[] = [
  {
    id: 'gdm',
    name: 'GradientDescentMomentum',
    tfName: 'tf.train.momentum',
    descent: () => new GradientDescentMomentum({ learningRate: 0.01, momentumCoef: 0.9 }),
    tfTrain: () => tf.train.momentum(0.01, 0.9),
  },
  {
    id: 'rmsprop',
    name: 'RMSProp',
    tfName: 'tf.train.rmsprop',
    descent: () => new RMSProp({ learningRate: 2e-3, decayRate: 0.95, epsilon: 1e-6 }),
    tfTrain: () => tf.train.rmsprop(2e-3, 0.95, 0, 1e-6),
  },
  {
    id: 'adagrad',
    name: 'Adagrad',
    tfName: 'tf.train.adagrad',
    descent: () => new Adagrad({ learningRate: 0.01, epsilon: 1e-6 }),
    tfTrain: () => tf.train.adagrad(0.01, 0.1),
  },
  {
    id: 'adadelta',
    name: 'Adadelta',
    tfName: 'tf.train.adadelta',
    descent: () => new Adadelta({ decay: 0.95, epsilon: 1e-6 }),
    tfTrain: () => tf.train.adadelta(1, 0.95, 1e-6),
  },
  {
    id: 'adam',
    name: 'Adam',
    tfName: 'tf.train.adam',
    descent: () => new Adam({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
    tfTrain: () => tf.train.adam(0.001, 0.9, 0.999, 1e-8),
  },
  {
    id: 'shift-adamax',
    name: 'ShiftAdaMax',
    tfName: 'tf.train.adamax',
    descent: () => new ShiftAdaMax({ learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
    tfTrain: () => tf.train.adamax(0.002, 0.9, 0.999, 1e-8),
  },
];

/** The algorithms named in `ids` (ids or class names, case-insensitive), in table order. */
export function selectAlgorithms(ids: readonly string[] | undefined): Algorithm[] {
  if (ids === undefined) return [...ALGORITHMS];
  const wanted = new Set(ids.map((id) => id.toLowerCase()));
  for (const id of wanted) {
    if (!ALGORITHMS.some((a) => a.id === id || a.name.toLowerCase() === id)) {
      throw new Error(`unknown algorithm "${id}"; known: ${ALGORITHMS.map((a) => a.id).join(', ')}`);
    }
  }
  return ALGORITHMS.filter((a) => wanted.has(a.id) || wanted.has(a.name.toLowerCase()));
}
