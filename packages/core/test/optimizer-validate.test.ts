import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  defineUpdate,
  ElementwiseOptimizer,
  InvalidOptionError,
  InvalidTensorError,
  type Layer,
  type LearningRateSchedule,
  Optimizer,
  type ParamEntry,
} from '@descent/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const sgdUpdate = defineUpdate({
  name: 'test-sgd-velocity',
  states: ['velocity'],
  scalars: ['learningRate'],
  update: ({ param, grad, velocity }, s) => ({ velocity: velocity.add(grad), param: param.sub(s.learningRate.mul(grad)) }),
});

class ScheduledSgd extends ElementwiseOptimizer<'velocity', 'learningRate'> {
  stepsApplied = 0;
  constructor(private readonly schedule: LearningRateSchedule) {
    super(sgdUpdate, {});
  }
  protected override stepScalars(epoch: number): Record<'learningRate', number> {
    return { learningRate: this.scheduledRate(this.schedule, 0.1, epoch) };
  }
  protected override onStepApplied(): void {
    this.stepsApplied += 1;
  }
}

const constant: LearningRateSchedule = { getLearningRate: (lr) => lr };
const tensors: tf.Tensor[] = [];
function layer(name: string, values: number[], grad: number[] = values.map(() => 1)): Layer & { entry: ParamEntry } {
  const param = tf.variable(tf.tensor1d(values), true, `${name}/${tensors.length}`);
  const g = tf.tensor1d(grad);
  tensors.push(param, g);
  const entry: ParamEntry = { param, grad: g, states: [] };
  return { name, entry, getParams: () => [entry] };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => {
  tensors.splice(0).forEach((t) => t.dispose());
});

describe('Optimizer.validate', () => {
  it('ElementwiseOptimizer.validate accepts a good call and writes nothing, not even states', () => {
    const a = layer('a', [1, 2, 3]);
    const opt = new ScheduledSgd(constant);
    opt.validate([a], 0);
    expect(a.entry.states).toHaveLength(0);
    expect(Array.from(a.entry.param.dataSync())).toEqual([1, 2, 3]);
    expect(opt.stepsApplied).toBe(0);
    opt.optimize([a], 0);
    expect(opt.stepsApplied).toBe(1);
    expect(a.entry.states).toHaveLength(1);
    opt.dispose();
  });

  it('ElementwiseOptimizer.validate throws what optimize throws: bad grad shape, bad epoch, bad schedule', () => {
    const bad = layer('bad', [1, 2], [1, 2, 3]);
    const opt = new ScheduledSgd(constant);
    expect(() => opt.validate([bad], 0)).toThrow(InvalidTensorError);
    expect(() => opt.validate([bad], 0)).toThrow(/grad of param/);
    const good = layer('good', [1, 2]);
    expect(() => opt.validate([good], -1)).toThrow(InvalidOptionError);
    const nanRate = new ScheduledSgd({ getLearningRate: () => Number.NaN });
    expect(() => nanRate.validate([good], 0)).toThrow(/schedule/);
    expect(() => nanRate.optimize([good], 0)).toThrow(/schedule/);
  });

  it('the default validate checks the epoch and the layer tree', () => {
    class Plain extends Optimizer {
      override optimize(): void {}
    }
    const cyclic: { name: string; layers: Layer[] } = { name: 'loop', layers: [] };
    cyclic.layers.push(cyclic);
    expect(() => new Plain().validate([], Number.NaN)).toThrow(InvalidOptionError);
    expect(() => new Plain().validate([cyclic], 0)).toThrow(/contains itself/);
    expect(() => new Plain().validate([layer('x', [1])], 3)).not.toThrow();
  });
});
