import * as tf from '@tensorflow/tfjs-core';
import type { ParamEntry } from '../layer.js';

/**
 * The state tensors an optimizer created, so that `dispose()` can free them and take them
 * out of their layers' lists (neon's states belong to the layer; the zeros come from us).
 */
export class StateTensors {
  private readonly created: { list: tf.Variable[]; variable: tf.Variable }[] = [];

  /** Fills every empty `states` list with `count` zeros shaped like its param. */
  ensure(entries: readonly ParamEntry[], count: number): void {
    if (count === 0) return;
    for (const entry of entries) {
      if (entry.states.length > 0) continue;
      for (let k = 0; k < count; k++) {
        const variable = tf.tidy(() => tf.variable(tf.zeros(entry.param.shape, 'float32'), false));
        entry.states.push(variable);
        this.created.push({ list: entry.states, variable });
      }
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
