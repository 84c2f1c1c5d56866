import * as tf from '@tensorflow/tfjs-core';
import { evaluateUpdateOps } from '../ir/evaluate-ops.js';
import { OptionReader } from '../options/option-reader.js';
import { SPECIFICATION_VERSION } from '../specification.js';
import type { Backend, UpdateRequest } from './backend.js';
import { checkBatchSize } from './batch-size.js';

/** Options of {@link createOpsBackend}. */
export interface OpsBackendOptions {
  /** neon's `be.bsz` (default 1). */
  readonly batchSize?: number;
}

class OpsBackend implements Backend {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly name = 'tfjs-ops';
  #batchSize: number;

  constructor(options: OpsBackendOptions) {
    const reader = new OptionReader('createOpsBackend', options, ['batchSize']);
    this.#batchSize = checkBatchSize(reader.raw('batchSize') ?? 1);
  }

  get batchSize(): number {
    return this.#batchSize;
  }

  set batchSize(value: number) {
    this.#batchSize = checkBatchSize(value);
  }

  runUpdate({ program, bindings, scalars, skipCounter }: UpdateRequest): void {
    if (bindings.length === 0) return;
    tf.tidy(() => {
      // All new values are computed before the first assign, so an op failing midway
      // (e.g. out of memory) leaves every parameter as it was.
      const { outputs: results, guard } = evaluateUpdateOps(program, bindings, scalars);
      const skipped = guard && skipCounter ? tf.add(skipCounter, tf.cast(tf.equal(guard, 0), 'float32')) : undefined;
      results.forEach((outputs, b) => {
        program.outputs.forEach((output, o) => {
          (bindings[b]![output.slot] as tf.Variable).assign(outputs[o]!);
        });
      });
      // A guard of 0 made every output its old value (tf.where, on the device): count the skip.
      if (skipped) skipCounter!.assign(tf.reshape(skipped, skipCounter!.shape));
    });
  }
}

/**
 * The default backend: runs each fused update as tfjs ops (inside `tidy`, results assigned
 * in place) on whatever tfjs backend is active. Also the reference the other backends are
 * tested against.
 */
export function createOpsBackend(options: OpsBackendOptions = {}): Backend {
  return new OpsBackend(options);
}
