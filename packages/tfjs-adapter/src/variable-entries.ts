import type * as tf from '@tensorflow/tfjs-core';
import type { ParamEntry } from '@descent/core';

interface MutableEntry {
  param: tf.Variable;
  grad: tf.Tensor;
  states: tf.Variable[];
}

/**
 * Persistent parameter entries for tfjs variables, **keyed by variable name** (never by
 * position, which is how tfjs' own optimizers lose track of state: tfjs#4290). Each entry's
 * `states` list lives as long as this store, so an optimizer's states follow the variable
 * from step to step; a variable disposed and re-created under the same name keeps them.
 * Gradients are set per step and only read: the caller keeps owning (and disposing) them.
 */
export class VariableEntries {
  readonly #byName = new Map<string, MutableEntry>();

  /** The entry of `variable` (created on first use, with no gradient and no states yet). */
  entryFor(variable: tf.Variable): ParamEntry {
    let entry = this.#byName.get(variable.name);
    if (!entry) {
      entry = { param: variable, grad: undefined as unknown as tf.Tensor, states: [] };
      this.#byName.set(variable.name, entry);
    } else if (entry.param !== variable) {
      entry.param = variable;
    }
    return entry;
  }

  /** Sets the gradient of the entry of `variable` for the coming step. */
  setGrad(variable: tf.Variable, grad: tf.Tensor): ParamEntry {
    const entry = this.entryFor(variable) as MutableEntry;
    entry.grad = grad;
    return entry;
  }

  /** Variable names with an entry. */
  names(): string[] {
    return [...this.#byName.keys()];
  }
}
