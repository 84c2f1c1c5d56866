import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { TestModel } from '../../test-model.js';
import { activateBackend, type ConformanceBackend } from '../backends.js';
import { type ConformanceCase, type ConformanceConfig, resolveConfig } from '../config.js';
import { caseInputs } from './agreement.js';

/**
 * Checks that steps allocate nothing: after the first `optimize()` (which may create states),
 * every further `optimize()` and `validate()` call leaves `tf.memory().numTensors` where it
 * was; and `dispose()` of the optimizer and the model returns it to where it was before the
 * optimizer was created.
 */
export async function checkNoLeaks<O>(config: ConformanceConfig<O>, backend: ConformanceBackend, kase?: ConformanceCase<O>): Promise<void> {
  const resolved = resolveConfig(config);
  const c = kase ?? resolved.cases[0]!;
  await activateBackend(backend);
  const inputs = caseInputs(config, c);
  const where = `${resolved.name} on ${backend.name} (${c.name})`;
  const baseline = tf.memory().numTensors;
  const model = new TestModel(inputs.shapes, inputs.initial);
  const optimizer = resolved.create(c.options);
  let disposed = false;
  try {
    model.setGrads(inputs.steps[0]!.grads);
    optimizer.optimize(model.layers, inputs.steps[0]!.epoch);
    const steady = tf.memory().numTensors;
    inputs.steps.slice(1).forEach(({ epoch, grads }, k) => {
      model.setGrads(grads);
      if (typeof optimizer.validate === 'function') optimizer.validate(model.layers, epoch);
      optimizer.optimize(model.layers, epoch);
      const now = tf.memory().numTensors;
      if (now !== steady) expect.fail(`${where}: step ${k + 1} changed tf.memory().numTensors from ${steady} to ${now} (a leak, or a tensor freed that was not its own)`);
    });
    await model.read(); // the backend has finished the steps
    optimizer.dispose();
    model.dispose();
    disposed = true;
    const after = tf.memory().numTensors;
    expect(after, `${where}: tensors left after optimizer.dispose() and disposing the model's params, grads and state lists`).toBe(baseline);
  } finally {
    if (!disposed) {
      optimizer.dispose();
      model.dispose();
    }
  }
}
