import * as tf from '@tensorflow/tfjs-core';
import { getParamList, type Layer, Optimizer, type ParamEntry } from '@descent/core';

/** One recorded optimize() call. */
export interface SpyCall {
  readonly layers: string[];
  readonly params: string[];
  readonly epoch: number;
}

/** Records every call; with a shared `log`, also the order of calls across optimizers. */
export class SpyOptimizer extends Optimizer {
  readonly calls: SpyCall[] = [];
  disposed = 0;
  constructor(
    readonly label: string,
    private readonly log: string[] = [],
  ) {
    super();
  }
  override optimize(layerList: readonly Layer[], epoch: number): void {
    this.calls.push({
      layers: layerList.map((l) => l.name),
      params: getParamList(layerList).map((e) => e.param.name),
      epoch,
    });
    this.log.push(this.label);
  }
  override dispose(): void {
    this.disposed += 1;
  }
}

/** Adam-like: counts its steps (`t`), once per optimize() call, and does plain SGD. */
export class StepCountingOptimizer extends Optimizer {
  t = 0;
  override optimize(layerList: readonly Layer[], _epoch: number): void {
    this.t += 1;
    for (const { param, grad } of getParamList(layerList)) {
      param.assign(tf.tidy(() => tf.sub(param, tf.mul(grad, 0.1))));
    }
  }
}

const created: tf.Tensor[] = [];
let serial = 0;

/** A parameter layer with one 1-D param (named `${name}/W`), a grad of ones and its own states. */
export class Linear implements Layer {
  readonly entry: ParamEntry;
  constructor(
    readonly name: string,
    values: readonly number[] = [1, 2, 3],
    grad: readonly number[] = values.map(() => 1),
  ) {
    const param = tf.variable(tf.tensor1d([...values]), true, `${name}/W#${serial++}`);
    const g = tf.tensor1d([...grad]);
    created.push(param, g);
    this.entry = { param, grad: g, states: [] };
  }
  getParams(): ParamEntry[] {
    return [this.entry];
  }
}

/** A layer without parameters. */
export class Activation implements Layer {
  constructor(readonly name: string) {}
}

/** A container of layers. */
export class Block implements Layer {
  constructor(
    readonly name: string,
    readonly layers: readonly Layer[],
  ) {}
}

/** The first param's name, without the uniqueness suffix. */
export function paramLabel(name: string): string {
  return name.replace(/#\d+$/, '');
}

export function disposeCreated(): void {
  created.splice(0).forEach((t) => t.dispose());
}
