import { BackendError } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { notActiveMessage } from '../messages.js';
import type { AddonPackage } from './requirements.js';

/** The tfjs backend name tfjs-node and tfjs-node-gpu register. */
export const TENSORFLOW_BACKEND = 'tensorflow';

/**
 * Makes the `tensorflow` tfjs backend active and returns its instance. `tf.setBackend`
 * resolves `false` (and logs) when the backend fails to initialise rather than throwing, so
 * its result is checked, and then `tf.getBackend()`.
 */
export async function activateTensorflow(addon: AddonPackage): Promise<unknown> {
  let activated: boolean;
  try {
    activated = await tf.setBackend(TENSORFLOW_BACKEND);
  } catch (error) {
    // "Backend name 'tensorflow' not found in registry": the addon registered nothing.
    throw new BackendError(notActiveMessage(addon, undefined, error), { cause: error });
  }
  // On failure tfjs still reports "tensorflow" from getBackend(): only the result tells.
  if (activated !== true) throw new BackendError(notActiveMessage(addon, undefined));
  const active = tf.getBackend();
  if (active !== TENSORFLOW_BACKEND) throw new BackendError(notActiveMessage(addon, active));
  return tf.backend();
}
