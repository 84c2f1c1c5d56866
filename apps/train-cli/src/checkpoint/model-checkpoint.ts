import * as tf from '@tensorflow/tfjs';
import type { Optimizer } from '@descent/core';
import type { Sequential } from '@descent/layers';
import { UsageError } from '../cli/usage-error.js';
import type { TrainConfig } from '../train/train-config.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint, type SavedTensor } from './checkpoint-file.js';
import { namedParams } from './named-params.js';
import { canSaveState } from './optimizer-state.js';

/** Reads a checkpoint of the model (and of the optimizer's state where it can give it) after `epochsDone` epochs. */
export async function captureCheckpoint(config: TrainConfig, model: Sequential, optimizer: Optimizer, epochsDone: number): Promise<Checkpoint> {
  const params: Record<string, SavedTensor> = {};
  // Read asynchronously: tfjs-webgpu cannot read synchronously in Node.
  for (const [name, param] of namedParams(model)) params[name] = { shape: [...param.shape], data: Array.from(await param.data()) };
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model: { hidden: [...config.hidden], activation: config.activation },
    dataset: config.dataset,
    seed: config.seed,
    optimizer: config.optimizer,
    epochsDone,
    params,
    optimizerState: canSaveState(optimizer) ? optimizer.getState() : null,
  };
}

/**
 * Loads the checkpoint's parameters into `model` (built with the checkpoint's architecture),
 * after checking that every name and shape matches; nothing is written unless all match.
 * Returns whether the optimizer's state was restored too.
 */
export function restoreCheckpoint(checkpoint: Checkpoint, model: Sequential, optimizer: Optimizer, file: string): { optimizerStateRestored: boolean } {
  const params = namedParams(model);
  const saved = Object.keys(checkpoint.params);
  const problems = [
    ...[...params.keys()].filter((name) => !Object.hasOwn(checkpoint.params, name)).map((name) => `no values for param "${name}"`),
    ...saved.filter((name) => !params.has(name)).map((name) => `param "${name}" is not in this model`),
    ...[...params]
      .filter(([name, param]) => Object.hasOwn(checkpoint.params, name) && checkpoint.params[name]!.shape.join() !== param.shape.join())
      .map(([name, param]) => `param "${name}" has shape [${checkpoint.params[name]!.shape.join(', ')}], the model's is [${param.shape.join(', ')}]`),
  ];
  if (problems.length > 0) throw new UsageError(`--resume ${file}: ${problems.join('; ')}`, { flag: '--resume' });
  if (checkpoint.optimizerState !== null && !canSaveState(optimizer)) {
    throw new UsageError(`--resume ${file}: the checkpoint holds optimizer state, but this optimizer has no setState() to load it`, { flag: '--resume' });
  }
  if (checkpoint.optimizerState !== null && canSaveState(optimizer)) {
    try {
      optimizer.setState(checkpoint.optimizerState);
    } catch (error) {
      throw new UsageError(`--resume ${file}: the optimizer refused the saved state: ${(error as Error).message}`, { flag: '--resume', cause: error });
    }
  }
  for (const [name, param] of params) {
    const { shape, data } = checkpoint.params[name]!;
    tf.tidy(() => param.assign(tf.tensor(data, shape, 'float32')));
  }
  return { optimizerStateRestored: checkpoint.optimizerState !== null };
}
