import { getBackend } from '../backend/registry.js';
import { InvalidOptionError } from '../errors.js';
import type { UpdateProgram } from '../ir/program.js';
import { describeValue } from '../options/describe-value.js';
import type { PipelineSettings } from '../options/pipeline-options.js';
import { PIPELINE_SCALARS } from '../pipeline/fuse-pipeline.js';

/** The value of a pipeline scalar (see `PIPELINE_SCALARS`), or undefined for a rule's own. */
function pipelineScalar(name: string, pipeline: PipelineSettings): number | undefined {
  switch (name) {
    case PIPELINE_SCALARS.batchSize: return getBackend().batchSize;
    case PIPELINE_SCALARS.gradientClipNorm: return pipeline.gradientClipNorm ?? 0;
    case PIPELINE_SCALARS.gradientClipValue: return pipeline.gradientClipValue ?? 0;
    case PIPELINE_SCALARS.paramClipValue: return pipeline.paramClipValue ?? 0;
    default: return undefined;
  }
}

/**
 * Packs one step's scalars in `program.scalars` order: the pipeline's (batch size, clip limits)
 * and the rule's own from `step`, the pipeline's winning a name both have. A value that is not a
 * number, or is NaN, is an `InvalidOptionError` naming the scalar (`owner` names the optimizer).
 */
export function packStepScalars(
  program: UpdateProgram,
  step: Readonly<Record<string, number>>,
  pipeline: PipelineSettings,
  owner: string,
): Float32Array {
  const names = program.scalars;
  const values = new Float32Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value: unknown = pipelineScalar(name, pipeline) ?? step[name];
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new InvalidOptionError(name, `${owner}: per-step scalar "${name}" is ${describeValue(value)}`);
    }
    values[i] = value;
  }
  return values;
}
