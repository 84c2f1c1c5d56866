import { InvalidUpdateError } from '../errors.js';
import { Expr } from './expr.js';

/** The tensor inputs an update sees: the parameter, its (pipeline-processed) gradient, its states. */
export type UpdateTensors<S extends string> = {
  /** The parameter's current element. */
  readonly param: Expr;
  /** The gradient's element after the pipeline: divided by the batch size, value-clipped. */
  readonly grad: Expr;
} & {
  readonly [K in S]: Expr;
};

/** The per-step scalars an update declared, as expressions. */
export type UpdateScalars<K extends string> = { readonly [P in K]: Expr };

/** What the shared pipeline hands an update besides its tensors and scalars. */
export interface UpdateContext {
  /**
   * neon's norm-clip scale factor `sf` (1 when norm clipping is off). Each algorithm applies it
   * where neon does, so it is passed rather than pre-multiplied into the gradient.
   */
  readonly clipScale: Expr;
}

/** The new values an update produces: the parameter and every state. */
export type UpdateResult<S extends string> = {
  /** The parameter's new value (the pipeline may clip it afterwards). */
  readonly param: Expr;
} & { readonly [K in S]: Expr };

/** The definition of a per-element update, see {@link defineUpdate}. */
export interface UpdateDefinition<S extends string, K extends string> {
  /** A name for messages and kernel labels, e.g. `"adam"`. */
  readonly name: string;
  /** State tensors, in neon's order; an optimizer creates them lazily as zeros. */
  readonly states: readonly S[];
  /** Per-step scalars (learning rate after the schedule, betas...), in any order. */
  readonly scalars: readonly K[];
  /** The update of one element. Called once per pipeline configuration, not per step. */
  update(tensors: UpdateTensors<S>, scalars: UpdateScalars<K>, context: UpdateContext): UpdateResult<S>;
}

/** A validated, frozen update definition. */
export interface UpdateRule<S extends string = string, K extends string = string>
  extends UpdateDefinition<S, K> {
  /** Marks an object made by `defineUpdate`. */
  readonly kind: 'descent.update-rule';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['param', 'grad']);

function checkNames(rule: string, what: string, names: readonly string[], taken: Set<string>): void {
  for (const name of names) {
    if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
      throw new InvalidUpdateError(`update "${rule}": ${what} name ${JSON.stringify(name)} is not an identifier`);
    }
    if (RESERVED.has(name) || taken.has(name)) {
      throw new InvalidUpdateError(`update "${rule}": ${what} name "${name}" is used twice or reserved`);
    }
    taken.add(name);
  }
}

/**
 * Declares an optimizer's per-element update once; every backend fuses it (with the shared
 * pipeline of batch division and clipping folded in) into one pass over memory.
 *
 * @example
 * ```ts
 * const momentumUpdate = defineUpdate({
 *   name: 'momentum',
 *   states: ['velocity'],
 *   scalars: ['learningRate', 'momentum'],
 *   update: ({ param, grad, velocity }, s, { clipScale }) => {
 *     const v = s.momentum.mul(velocity).sub(s.learningRate.mul(clipScale.mul(grad)));
 *     return { velocity: v, param: param.add(v) };
 *   },
 * });
 * ```
 */
export function defineUpdate<const S extends string, const K extends string>(
  definition: UpdateDefinition<S, K>,
): UpdateRule<S, K> {
  const { name, states, scalars, update } = definition;
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidUpdateError('defineUpdate: "name" must be a non-empty string');
  }
  if (!Array.isArray(states) || !Array.isArray(scalars) || typeof update !== 'function') {
    throw new InvalidUpdateError(`update "${name}": "states" and "scalars" must be arrays and "update" a function`);
  }
  const taken = new Set<string>();
  checkNames(name, 'state', states, taken);
  checkNames(name, 'scalar', scalars, new Set());
  return Object.freeze({
    kind: 'descent.update-rule' as const,
    name,
    states: Object.freeze([...states]),
    scalars: Object.freeze([...scalars]),
    update,
  });
}
