import { InvalidUpdateError } from '../errors.js';
import type { UpdateRule } from '../ir/define-update.js';
import { Expr } from '../ir/expr.js';
import { compileProgram, type UpdateProgram } from '../ir/program.js';

/** Which stages of neon's shared pipeline an optimizer has switched on. */
export interface PipelineFlags {
  /** Norm clipping: the program reads the sum of squares of every gradient of the call. */
  readonly gradientClipNorm: boolean;
  /** Gradient value clipping, after batch division. */
  readonly gradientClipValue: boolean;
  /** Param clipping, after the update. */
  readonly paramClipValue: boolean;
  /**
   * Skip the whole call when any raw gradient element of it is NaN or ±Infinity: the program
   * is guarded by `allFinite(grad)` (see `UpdateProgram.guard`), decided on the device.
   */
  readonly skipNonFinite?: boolean;
}

/** Per-step scalars the pipeline itself reads, prefixed so they never clash with a rule's. */
export const PIPELINE_SCALARS = {
  /** The backend's batch size. */
  batchSize: 'pipeline.batchSize',
  /** The norm-clip limit. */
  gradientClipNorm: 'pipeline.gradientClipNorm',
  /** The gradient value-clip limit. */
  gradientClipValue: 'pipeline.gradientClipValue',
  /** The param clip limit. */
  paramClipValue: 'pipeline.paramClipValue',
} as const;

/**
 * Wraps an algorithm's update in neon's shared pipeline, as one program:
 * ```
 * sf = gcn / max(sqrt(sum over the call of grad_raw^2) / bsz, gcn)    (1 without norm clip)
 * g  = clip(grad / bsz, -|gcv|, |gcv|)                                  (clip optional)
 * ... the algorithm's update, given g and sf ...
 * p  = clip(p, -|pcv|, |pcv|)                                           (optional)
 * ```
 * With `skipNonFinite`, every output is then `select(allFinite(grad), new, old)`: a call with
 * any NaN or ±Infinity among its raw gradients writes nothing.
 */
export function fusePipeline(rule: UpdateRule, flags: PipelineFlags): UpdateProgram {
  const scalarNames: string[] = [PIPELINE_SCALARS.batchSize];
  const scalar = (name: string): Expr => {
    if (!scalarNames.includes(name)) scalarNames.push(name);
    return Expr.of({ kind: 'scalar', name });
  };
  const batchSize = scalar(PIPELINE_SCALARS.batchSize);
  const rawGrad = Expr.of({ kind: 'tensor', name: 'grad' });

  let clipScale = Expr.constant(1);
  if (flags.gradientClipNorm) {
    const limit = scalar(PIPELINE_SCALARS.gradientClipNorm);
    const norm = Expr.of({ kind: 'sumOfSquares', name: 'grad' }).sqrt().div(batchSize);
    clipScale = limit.div(norm.max(limit));
  }
  let grad = rawGrad.div(batchSize);
  if (flags.gradientClipValue) {
    const limit = scalar(PIPELINE_SCALARS.gradientClipValue);
    grad = grad.clip(limit.neg(), limit);
  }

  const tensors: Record<string, Expr> = { param: Expr.of({ kind: 'tensor', name: 'param' }), grad };
  for (const state of rule.states) tensors[state] = Expr.of({ kind: 'tensor', name: state });
  const scalars: Record<string, Expr> = {};
  for (const name of rule.scalars) scalars[name] = scalar(name);

  const result = rule.update(tensors as never, scalars as never, { clipScale }) as Record<string, unknown>;
  const outputs: Record<string, Expr> = {};
  for (const name of ['param', ...rule.states]) {
    const value = result?.[name];
    if (!(value instanceof Expr)) {
      throw new InvalidUpdateError(`update "${rule.name}" must return an expression for "${name}"`);
    }
    outputs[name] = value;
  }
  const extra = Object.keys(result).filter((k) => !(k in outputs));
  if (extra.length > 0) {
    throw new InvalidUpdateError(`update "${rule.name}" returned undeclared outputs: ${extra.join(', ')}`);
  }
  if (flags.paramClipValue) {
    const limit = scalar(PIPELINE_SCALARS.paramClipValue);
    outputs.param = outputs.param!.clip(limit.neg(), limit);
  }
  return compileProgram({
    name: rule.name,
    tensors: ['param', 'grad', ...rule.states],
    readOnly: ['grad'],
    scalars: scalarNames,
    outputs,
    ...(flags.skipNonFinite ? { guard: Expr.allFinite('grad') } : {}),
  });
}
