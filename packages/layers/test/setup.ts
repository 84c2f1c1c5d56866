// tfjs-core alone registers no gradients in Node: the full @tensorflow/tfjs does (and the cpu backend).
import * as tf from '@tensorflow/tfjs';

export async function useCpu(): Promise<void> {
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new Error('the tfjs cpu backend did not start');
}

/** mulberry32 from @descent/testing: generated data is the same on every run. */
export { seeded as seededRandom } from '@descent/testing';
