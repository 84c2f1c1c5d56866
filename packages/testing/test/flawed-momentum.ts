import {
  checkEpoch,
  getBackend,
  getParamList,
  InvalidOptionError,
  type Layer,
  Optimizer,
  type ParamEntry,
  type ParamsOptimizerState,
  type SavedParam,
  STATE_FORMAT,
  STATE_VERSION,
  validateEntries,
} from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';

/** One way to break the contract; `none` is the positive control that must pass every check. */
export type Flaw =
  | 'none'
  | 'leaks a tensor per step'
  | 'writes before it validates the last layer'
  | 'throws untyped errors'
  | 'creates states before validating'
  | 'replaces its states every step'
  | 'counts failed steps'
  | 'accepts a negative learning rate'
  | 'names the wrong option'
  | 'forgets its step count in getState';

/** Options of {@link FlawedMomentum}. */
export interface FlawedMomentumOptions {
  readonly learningRate?: number;
  readonly flaw?: Flaw;
}

/**
 * Momentum SGD whose step size decays with the steps applied (`lr / (1 + steps)`), written on
 * the imperative route with tfjs ops, so that every check of the kit has something to catch:
 * a state, a step counter, options, and getState/setState in core's state format (a test
 * helper: it validates little of what it restores, unlike core's `prepareState`).
 */
export class FlawedMomentum extends Optimizer {
  readonly learningRate: number;
  readonly flaw: Flaw;
  steps = 0;
  private pending: ((entries: readonly ParamEntry[]) => void) | undefined;

  constructor({ learningRate = 0.1, flaw = 'none', ...rest }: FlawedMomentumOptions = {}) {
    super();
    for (const key of Object.keys(rest)) throw new InvalidOptionError(key, `FlawedMomentum: unknown option "${key}"`);
    if (!(learningRate >= 0) && flaw !== 'accepts a negative learning rate') {
      const name = flaw === 'names the wrong option' ? 'lr' : 'learningRate';
      throw new InvalidOptionError(name, `FlawedMomentum: option "${name}" must be >= 0`);
    }
    this.learningRate = learningRate;
    this.flaw = flaw;
  }

  override validate(layerList: readonly Layer[], epoch: number): void {
    checkEpoch(epoch);
    this.check(getParamList(layerList));
  }

  override optimize(layerList: readonly Layer[], epoch: number): void {
    if (this.flaw === 'counts failed steps') this.steps += 1;
    checkEpoch(epoch);
    const entries = getParamList(layerList);
    if (this.flaw === 'creates states before validating') this.ensureStates(entries);
    if (this.flaw !== 'writes before it validates the last layer') this.check(entries);
    this.pending?.(entries);
    this.pending = undefined;
    this.ensureStates(entries);
    const rate = this.learningRate / (1 + (this.flaw === 'counts failed steps' ? this.steps - 1 : this.steps));
    if (this.flaw === 'leaks a tensor per step') tf.scalar(rate); // never disposed
    const update = (entry: ParamEntry) =>
      tf.tidy(() => {
        const g = tf.div(entry.grad, getBackend().batchSize);
        const v = tf.sub(tf.mul(entry.states[0]!, 0.9), tf.mul(g, rate));
        return [v, tf.add(entry.param, v)] as const;
      });
    if (this.flaw === 'writes before it validates the last layer') {
      for (const entry of entries) {
        this.check([entry]);
        const [v, p] = update(entry);
        this.write(entry, v, p);
      }
    } else {
      // Every new value first, then the writes: a failing op leaves everything as it was.
      const results = entries.map(update);
      entries.forEach((entry, i) => this.write(entry, ...results[i]!));
    }
    if (this.flaw !== 'counts failed steps') this.steps += 1;
  }

  override get optimizerType(): string {
    return 'FlawedMomentum';
  }

  /** Reads the velocities asynchronously, so that getState's synchronous reads work on WebGPU too. */
  override async prefetchState(layerList: readonly Layer[] = []): Promise<void> {
    await Promise.all(getParamList(layerList).flatMap(({ states }) => states.map((s) => s.data())));
  }

  /** core's state format: per param name its velocity, and the step count (unless the flaw forgets it). */
  override getState(layerList: readonly Layer[] = []): ParamsOptimizerState {
    const params: Record<string, SavedParam> = {};
    for (const { param, states } of getParamList(layerList)) {
      const values = states[0]!.dataSync() as Float32Array;
      const data = Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
      params[param.name] = { states: [{ shape: param.shape, dtype: 'float32', data }] };
    }
    const counters: Record<string, number> = this.flaw === 'forgets its step count in getState' ? {} : { steps: this.steps };
    return { format: STATE_FORMAT, version: STATE_VERSION, optimizer: { type: this.optimizerType }, counters, params };
  }

  /** Restores a document of {@link FlawedMomentum.getState}: now with layers, else at the next step. */
  override setState(state: unknown, layerList?: readonly Layer[]): void {
    const document = state as ParamsOptimizerState;
    const install = (entries: readonly ParamEntry[]): void => {
      this.steps = document.counters.steps ?? 0;
      this.ensureStates(entries);
      for (const { param, states } of entries) {
        const bytes = Buffer.from(document.params[param.name]!.states[0]!.data, 'base64');
        const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        tf.tidy(() => states[0]!.assign(tf.tensor(values, param.shape, 'float32')));
      }
    };
    if (layerList) install(getParamList(layerList));
    else this.pending = install;
  }

  private check(entries: readonly ParamEntry[]): void {
    try {
      validateEntries('FlawedMomentum', entries, 1);
    } catch (error) {
      if (this.flaw === 'throws untyped errors') throw new Error(String(error));
      throw error;
    }
  }

  private ensureStates(entries: readonly ParamEntry[]): void {
    for (const { param, states } of entries) {
      if (states.length === 0) states.push(tf.tidy(() => tf.variable(tf.zeros(param.shape), false)));
    }
  }

  private write(entry: ParamEntry, v: tf.Tensor, p: tf.Tensor): void {
    if (this.flaw === 'replaces its states every step') {
      const old = entry.states[0]!;
      entry.states[0] = tf.variable(v, false);
      old.dispose();
      v.dispose();
    } else {
      entry.states[0]!.assign(v);
      v.dispose();
    }
    entry.param.assign(p);
    p.dispose();
  }
}
