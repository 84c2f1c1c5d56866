import * as tf from '@tensorflow/tfjs-core';
import type { ParamEntry } from '../layer.js';

/**
 * The state tensors an optimizer created, so that `dispose()` can free them and take them
 * out of their layers' lists (neon's states belong to the layer; the zeros come from us).
 */
export class StateTensors {
  private readonly created: { list: tf.Variable[]; variable: tf.Variable }[] = [];

  /** How many states this optimizer has created (and not freed) so far. */
  get count(): number {
    return this.created.length;
  }

  /** Fills every empty `states` list with `count` zeros shaped like its param; returns how many it made. */
  ensure(entries: readonly ParamEntry[], count: number): number {
    const before = this.created.length;
    if (count === 0) return 0;
    for (const entry of entries) {
      if (entry.states.length > 0) continue;
      for (let k = 0; k < count; k++) {
        const variable = tf.tidy(() => tf.variable(tf.zeros(entry.param.shape, 'float32'), false));
        entry.states.push(variable);
        this.created.push({ list: entry.states, variable });
      }
    }
    return this.created.length - before;
  }

  /** Undoes the last `made` creations (a step that failed after `ensure`): out of their lists, disposed. */
  rollback(made: number): void {
    for (const { list, variable } of this.created.splice(this.created.length - made, made)) {
      const at = list.indexOf(variable);
      if (at >= 0) list.splice(at, 1);
      variable.dispose();
    }
  }

  /** Appends `variable` to `list` as a state this optimizer owns (freed by `dispose`). */
  adopt(list: tf.Variable[], variable: tf.Variable): void {
    list.push(variable);
    this.created.push({ list, variable });
  }

  /** Disposes every state created here and removes it from its layer's list. */
  dispose(): void {
    for (const { list, variable } of this.created) {
      const at = list.indexOf(variable);
      if (at >= 0) list.splice(at, 1);
      if (!variable.isDisposed) variable.dispose();
    }
    this.created.length = 0;
  }
}
