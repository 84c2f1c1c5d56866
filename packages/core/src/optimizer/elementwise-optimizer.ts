import type { Tensor } from '@tensorflow/tfjs-core';
import { getBackend } from '../backend/registry.js';
import { InvalidOptionError, InvalidTensorError, StateError } from '../errors.js';
import type { UpdateRule } from '../ir/define-update.js';
import type { UpdateProgram } from '../ir/program.js';
import { getParamList, type Layer, type ParamEntry } from '../layer.js';
import { describeValue } from '../options/describe-value.js';
import type { PipelineSettings } from '../options/pipeline-options.js';
import { fusePipeline } from '../pipeline/fuse-pipeline.js';
import { checkEpoch } from '../schedules/check-epoch.js';
import type { LearningRateSchedule } from '../schedules/schedule.js';
import { checkCounterValues } from '../state/counters.js';
import { checkJsonTree, readDictionary } from '../state/json-tree.js';
import { collectParamsState, entriesByName, installParams, matchParams, parseParams, type ParsedParamsState } from '../state/params-state.js';
import { readMaxBytes } from '../state/read-max-bytes.js';
import type { OptimizerConfig, ParamsOptimizerState, PreparedState, StateOptions } from '../state/state-format.js';
import { readStateHeader } from '../state/state-header.js';
import { backendFailure } from './backend-failure.js';
import { CheckedCall } from './checked-call.js';
import { readAhead } from './read-ahead.js';
import { packStepScalars } from './step-scalars.js';
import { Optimizer } from './optimizer.js';
import { RememberedEntries } from './remembered-entries.js';
import { SKIPPED_STEPS, SkipCounter, splitSkippedSteps } from './skip-counter.js';
import { StateTensors } from './state-tensors.js';
import { validateEntries } from './validate-entries.js';

/**
 * An optimizer whose update is one elementwise rule (see `defineUpdate`). This class owns
 * the shared pipeline: it validates the whole call, creates states lazily, and hands the
 * backend one fused program covering every parameter. Subclasses supply the rule and the
 * per-step scalars, nothing else (plus `getConfig`, and counter hooks if they count steps).
 *
 * State: it remembers the entries it stepped (by `param.name`), so `getState()` covers every
 * param seen so far; see {@link Optimizer.setState} for restoring.
 */
export abstract class ElementwiseOptimizer<S extends string = string, K extends string = string> extends Optimizer {
  /** The per-element update this optimizer runs. */
  readonly rule: UpdateRule<S, K>;
  /** Validated clip settings (absent: off). */
  readonly pipeline: PipelineSettings;
  private readonly program: UpdateProgram;
  private readonly stateTensors = new StateTensors();
  private readonly stepped = new RememberedEntries();
  private pending: ParsedParamsState | undefined;
  private readonly skipCounter = new SkipCounter();
  private readonly checked = new CheckedCall();

  protected constructor(rule: UpdateRule<S, K>, pipeline: PipelineSettings) {
    super();
    this.rule = rule;
    this.pipeline = Object.freeze({ ...pipeline });
    this.program = fusePipeline(rule as UpdateRule, {
      gradientClipNorm: pipeline.gradientClipNorm !== undefined,
      gradientClipValue: pipeline.gradientClipValue !== undefined,
      paramClipValue: pipeline.paramClipValue !== undefined,
      skipNonFinite: pipeline.skipNonFinite === true,
    });
  }

  /**
   * The per-step values of the rule's scalars for a step of `epoch`. Must not change the
   * optimizer: `validate` calls it too (count steps in `onStepApplied`).
   */
  protected abstract stepScalars(epoch: number): Readonly<Record<K, number>>;

  /** Called after a step was applied (e.g. Adam counts steps here). */
  protected onStepApplied(_epoch: number): void {}

  /** The step counters saved with the state, e.g. `{ t }`; the default counts nothing. */
  protected getCounters(): Readonly<Record<string, number>> {
    return {};
  }

  /** Installs counters that `checkCounters` accepted. */
  protected setCounters(_counters: Readonly<Record<string, number>>): void {}

  /**
   * Validates saved counters without changing anything: the default requires exactly the
   * keys of `getCounters()`, each a finite number. Override to check more (call `super`), and
   * throw a `StateError` whose field is `path` plus the counter's name.
   */
  protected checkCounters(counters: Readonly<Record<string, unknown>>, path: string): Record<string, number> {
    return checkCounterValues(counters, Object.keys(this.getCounters()), path, this.optimizerType);
  }

  /** The pipeline settings (clip limits that are on); subclasses add their hyperparameters. */
  override getConfig(): OptimizerConfig {
    return { ...this.pipeline };
  }

  /** `schedule.getLearningRate(learningRate, epoch)`, checked to be a finite number >= 0. */
  protected scheduledRate(schedule: LearningRateSchedule, learningRate: number, epoch: number): number {
    const rate = schedule.getLearningRate(learningRate, epoch);
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      throw new InvalidOptionError('schedule', `${this.constructor.name}: schedule returned learning rate ${describeValue(rate)} for epoch ${epoch}`);
    }
    return rate;
  }

  override optimize(layerList: readonly Layer[], epoch: number): void {
    const { entries, scalars, install, bound } = this.prepare(layerList, epoch);
    // Everything is checked: from here on the call writes.
    const created = this.stateTensors.count;
    const undo = install ? { pending: this.pending, counters: { ...this.getCounters() } } : undefined;
    install?.();
    // A checked call (same params and states as the last one) has its states and bindings.
    let bindings: Tensor[][];
    if (bound) {
      bindings = bound;
    } else {
      this.stateTensors.ensure(entries, this.rule.states.length);
      bindings = entries.map((e) => [e.param, e.grad, ...e.states]);
    }
    const backend = getBackend();
    const skipCounter = this.pipeline.skipNonFinite ? this.skipCounter.ensure() : undefined;
    try {
      backend.runUpdate({ program: this.program, bindings, scalars, ...(skipCounter ? { skipCounter } : {}) });
    } catch (error) {
      // Backends check everything before they write: a failing call wrote nothing, so the
      // states it created are dropped again, a pending restored state stays pending (the next
      // call installs it again), and the step is not counted.
      this.stateTensors.rollback(this.stateTensors.count - created);
      if (undo) {
        this.pending = undo.pending;
        this.setCounters(undo.counters);
      }
      this.checked.clear();
      throw backendFailure(error, backend.name);
    }
    this.onStepApplied(epoch);
    // The same params and states as the last call: they are remembered already.
    if (!bound) {
      this.stepped.remember(entries);
      this.checked.record(bindings);
    }
  }

  /**
   * Checks tensors, states, epoch, per-step scalars and any pending state exactly as `optimize`
   * does, and asks the backend (`Backend.validate`, when it has one) whether it could run the
   * call; writes nothing.
   */
  override validate(layerList: readonly Layer[], epoch: number): void {
    const { entries, scalars } = this.prepare(layerList, epoch);
    const backend = getBackend();
    if (typeof backend.validate !== 'function' || entries.length === 0) return;
    const states = this.rule.states.length;
    // States the call would create lazily live where their param lives: the param stands in.
    const bindings = entries.map((e) => [e.param, e.grad, ...(e.states.length > 0 ? e.states : new Array(states).fill(e.param))]);
    const skipCounter = this.skipCounter.variable;
    try {
      backend.validate({ program: this.program, bindings, scalars, ...(skipCounter ? { skipCounter } : {}) });
    } catch (error) {
      throw backendFailure(error, backend.name);
    }
  }

  /**
   * How many steps `skipNonFinite` skipped (a gradient held a NaN or ±Infinity), read from the
   * device asynchronously; 0 without `skipNonFinite`. A skipped step still advances host-side
   * step counters such as Adam's `t` (only the device knows it was skipped): see
   * `docs/architecture.md`.
   */
  get skippedSteps(): Promise<number> {
    return this.skipCounter.read();
  }

  override getState(layerList?: readonly Layer[]): ParamsOptimizerState {
    const owner = this.optimizerType;
    if (this.pending) {
      throw new StateError(
        'state',
        `${owner}: a state restored with setState(state) is pending until the next optimize() call; ` +
          'call optimize() first, or restore with setState(state, layerList) to install it at once',
      );
    }
    const entries = layerList ? getParamList(layerList) : this.stepped.entries(owner);
    try {
      validateEntries(owner, entries, this.rule.states.length, false);
    } catch (error) {
      if (layerList || !(error instanceof InvalidTensorError)) throw error;
      throw new StateError('params', `${error.message} (a param stepped earlier; pass the current layer list to getState(layerList))`);
    }
    const description = { type: owner, config: this.getConfig() };
    const counters = { ...this.getCounters(), ...(this.pipeline.skipNonFinite ? { [SKIPPED_STEPS]: this.skipCounter.readSync() } : {}) };
    return collectParamsState(description, counters, entriesByName(entries, owner));
  }

  override async prefetchState(layerList?: readonly Layer[]): Promise<void> {
    let entries: readonly ParamEntry[];
    try {
      entries = layerList ? getParamList(layerList) : this.stepped.entries(this.optimizerType);
    } catch {
      return; // getState throws the same error, typed
    }
    await readAhead(entries, this.pipeline.skipNonFinite ? this.skipCounter.variable : undefined);
  }

  override prepareState(state: unknown, layerList?: readonly Layer[], options?: StateOptions): PreparedState {
    const owner = this.optimizerType;
    const maxBytes = readMaxBytes(options);
    checkJsonTree(state);
    const document = readStateHeader(state, '', owner, 'params');
    const { counters: saved, skipped } = splitSkippedSteps(readDictionary(document.counters, 'counters'), this.pipeline.skipNonFinite === true);
    const counters = this.checkCounters(saved, 'counters');
    let entries: Map<string, ParamEntry> | undefined;
    if (layerList) {
      const list = getParamList(layerList);
      validateEntries(owner, list, this.rule.states.length, false);
      entries = entriesByName(list, owner);
    }
    const budget = { remaining: maxBytes };
    const params = parseParams(document.params, this.rule.states.length, budget, entries);
    let bytes = 0;
    for (const states of params.values()) for (const state of states) bytes += state.values.byteLength;
    const parsed: ParsedParamsState = { counters, params, bytes };
    let installed = false;
    return {
      bytes: parsed.bytes,
      install: () => {
        if (installed) throw new StateError('state', `${owner}: this prepared state was installed already`);
        installed = true;
        this.checked.clear();
        // The skip count lives on the device, apart from the params: restored at once.
        if (skipped !== undefined) this.skipCounter.set(skipped);
        if (!entries) {
          this.pending = parsed;
          return;
        }
        this.pending = undefined;
        this.setCounters(counters);
        installParams(parsed, entries, this.stateTensors);
        this.stepped.remember([...entries.values()]);
      },
    };
  }

  override dispose(): void {
    this.stateTensors.dispose();
    this.skipCounter.dispose();
    this.stepped.clear();
    this.checked.clear();
    this.pending = undefined;
  }

  private prepare(
    layerList: readonly Layer[],
    epoch: number,
  ): { entries: ParamEntry[]; scalars: Float32Array; install?: () => void; bound?: Tensor[][] } {
    checkEpoch(epoch);
    const entries = getParamList(layerList);
    const pending = this.pending;
    const bound = pending ? undefined : this.checked.bind(entries);
    if (bound) return { entries, scalars: this.scalarValues(epoch), bound };
    validateEntries(this.constructor.name, entries, this.rule.states.length);
    if (!pending) return { entries, scalars: this.scalarValues(epoch) };
    const byName = entriesByName(entries, this.optimizerType);
    matchParams(pending, byName);
    // The step runs at the restored counters (e.g. Adam's t): computed with them, then put back.
    const scalars = this.withCounters(pending.counters, () => this.scalarValues(epoch));
    const install = (): void => {
      this.pending = undefined;
      this.setCounters(pending.counters);
      installParams(pending, byName, this.stateTensors);
    };
    return { entries, scalars, install };
  }

  private withCounters<T>(counters: Readonly<Record<string, number>>, run: () => T): T {
    const saved = { ...this.getCounters() };
    this.setCounters(counters);
    try {
      return run();
    } finally {
      this.setCounters(saved);
    }
  }

  private scalarValues(epoch: number): Float32Array {
    return packStepScalars(this.program, this.stepScalars(epoch), this.pipeline, this.constructor.name);
  }
}
