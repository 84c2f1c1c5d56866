import { getBackend } from '../backend/registry.js';
import { InvalidOptionError } from '../errors.js';
import type { UpdateRule } from '../ir/define-update.js';
import type { UpdateProgram } from '../ir/program.js';
import { getParamList, type Layer, type ParamEntry } from '../layer.js';
import type { PipelineSettings } from '../options/pipeline-options.js';
import { fusePipeline, PIPELINE_SCALARS } from '../pipeline/fuse-pipeline.js';
import { checkEpoch } from '../schedules/check-epoch.js';
import type { LearningRateSchedule } from '../schedules/schedule.js';
import { Optimizer } from './optimizer.js';
import { StateTensors } from './state-tensors.js';
import { validateEntries } from './validate-entries.js';

/**
 * An optimizer whose update is one elementwise rule (see `defineUpdate`). This class owns
 * the shared pipeline: it validates the whole call, creates states lazily, and hands the
 * backend one fused program covering every parameter. Subclasses supply the rule and the
 * per-step scalars, nothing else.
 */
export abstract class ElementwiseOptimizer<S extends string = string, K extends string = string> extends Optimizer {
  /** The per-element update this optimizer runs. */
  readonly rule: UpdateRule<S, K>;
  /** Validated clip settings (absent: off). */
  readonly pipeline: PipelineSettings;
  private readonly program: UpdateProgram;
  private readonly stateTensors = new StateTensors();

  protected constructor(rule: UpdateRule<S, K>, pipeline: PipelineSettings) {
    super();
    this.rule = rule;
    this.pipeline = Object.freeze({ ...pipeline });
    this.program = fusePipeline(rule as UpdateRule, {
      gradientClipNorm: pipeline.gradientClipNorm !== undefined,
      gradientClipValue: pipeline.gradientClipValue !== undefined,
      paramClipValue: pipeline.paramClipValue !== undefined,
    });
  }

  /**
   * The per-step values of the rule's scalars for a step of `epoch`. Must not change the
   * optimizer: `validate` calls it too (count steps in `onStepApplied`).
   */
  protected abstract stepScalars(epoch: number): Readonly<Record<K, number>>;

  /** Called after a step was applied (e.g. Adam counts steps here). */
  protected onStepApplied(_epoch: number): void {}

  /** `schedule.getLearningRate(learningRate, epoch)`, checked to be a finite number >= 0. */
  protected scheduledRate(schedule: LearningRateSchedule, learningRate: number, epoch: number): number {
    const rate = schedule.getLearningRate(learningRate, epoch);
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      throw new InvalidOptionError('schedule', `${this.constructor.name}: schedule returned learning rate ${String(rate)} for epoch ${epoch}`);
    }
    return rate;
  }

  override optimize(layerList: readonly Layer[], epoch: number): void {
    const { entries, scalars } = this.prepare(layerList, epoch);
    // Everything is checked: from here on the call writes.
    this.stateTensors.ensure(entries, this.rule.states.length);
    const bindings = entries.map((e) => [e.param, e.grad, ...e.states]);
    getBackend().runUpdate({ program: this.program, bindings, scalars });
    this.onStepApplied(epoch);
  }

  /** Checks tensors, states, epoch and per-step scalars exactly as `optimize` does; writes nothing. */
  override validate(layerList: readonly Layer[], epoch: number): void {
    this.prepare(layerList, epoch);
  }

  override dispose(): void {
    this.stateTensors.dispose();
  }

  private prepare(layerList: readonly Layer[], epoch: number): { entries: ParamEntry[]; scalars: Float32Array } {
    checkEpoch(epoch);
    const entries = getParamList(layerList);
    validateEntries(this.constructor.name, entries, this.rule.states.length);
    return { entries, scalars: this.scalarValues(epoch) };
  }

  private scalarValues(epoch: number): Float32Array {
    const backend = getBackend();
    const values: Record<string, number> = {
      ...this.stepScalars(epoch),
      [PIPELINE_SCALARS.batchSize]: backend.batchSize,
      [PIPELINE_SCALARS.gradientClipNorm]: this.pipeline.gradientClipNorm ?? 0,
      [PIPELINE_SCALARS.gradientClipValue]: this.pipeline.gradientClipValue ?? 0,
      [PIPELINE_SCALARS.paramClipValue]: this.pipeline.paramClipValue ?? 0,
    };
    return Float32Array.from(this.program.scalars, (name) => {
      const value = values[name];
      if (typeof value !== 'number' || Number.isNaN(value)) {
        throw new InvalidOptionError(name, `${this.constructor.name}: per-step scalar "${name}" is ${String(value)}`);
      }
      return value;
    });
  }
}
