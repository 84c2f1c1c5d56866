import * as tf from '@tensorflow/tfjs';
import { getParamList } from '@descent/core';
import { accuracyTensor, buildClassifier, datasetTensors, generateDataset, MinibatchTrainer, seededRandom } from '@descent/example-kit';
import { activateBackend } from '../backends/activate-backend.js';
import { readCheckpoint, writeCheckpoint } from '../checkpoint/checkpoint-file.js';
import { captureCheckpoint, restoreCheckpoint } from '../checkpoint/model-checkpoint.js';
import { canSaveState, STATE_NOT_SAVED_NOTE } from '../checkpoint/optimizer-state.js';
import { UsageError } from '../cli/usage-error.js';
import { createOptimizer } from './create-optimizer.js';
import type { TrainConfig } from './train-config.js';

/** One epoch as the progress display and the plots see it. */
export interface EpochRecord {
  /** 1-based, counting the epochs of a resumed checkpoint. */
  readonly epoch: number;
  /** Mean per-sample training loss over the epoch. */
  readonly loss: number;
  /** Accuracy on the held-out test set after the epoch. */
  readonly testAccuracy: number;
  /** Training samples per second of wall time, minibatch steps only. */
  readonly samplesPerSecond: number;
}

/** What a run is about to do. */
export interface RunInfo {
  readonly backend: string;
  readonly firstEpoch: number;
  readonly lastEpoch: number;
  readonly trainSamples: number;
  readonly testSamples: number;
  readonly parameters: number;
}

/** Callbacks for progress display; all optional. */
export interface TrainHooks {
  onStart?(info: RunInfo): void;
  onEpoch?(record: EpochRecord, info: RunInfo): void;
  /** A message for the user (e.g. that optimizer state is not saved). */
  onNote?(message: string): void;
}

/** The outcome of {@link train}. */
export interface TrainResult {
  readonly config: TrainConfig;
  readonly info: RunInfo;
  readonly records: readonly EpochRecord[];
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** Wall time of the minibatch steps. */
  readonly seconds: number;
  readonly samplesPerSecond: number;
  /** Whether the optimizer's state went into `--save`'s checkpoint / came from `--resume`'s. */
  readonly optimizerStateSaved: boolean;
  readonly optimizerStateRestored: boolean;
}

/** Reads a scalar tensor asynchronously (every backend can; tfjs-webgpu in Node cannot read synchronously) and disposes it. */
async function read(scalar: tf.Tensor): Promise<number> {
  const value = (await scalar.data())[0]!;
  scalar.dispose();
  return value;
}

/** Each epoch's shuffle depends only on the seed and the epoch, so a resumed run shuffles as an unbroken one would. */
function shuffleFor(seed: number, epoch: number): () => number {
  return seededRandom(Math.imul(seed, 0x9e3779b1) ^ (epoch + 1));
}

/** Trains the example classifier as `config` says; the programmatic form of `descent-train`. */
export async function train(config: TrainConfig, hooks: TrainHooks = {}): Promise<TrainResult> {
  const active = await activateBackend(config.backend);
  const checkpoint = config.resume === undefined ? undefined : await readCheckpoint(config.resume);
  if (checkpoint && (checkpoint.model.hidden.join() !== config.hidden.join() || checkpoint.model.activation !== config.activation)) {
    throw new UsageError(
      `--resume ${config.resume}: the checkpoint's model is --hidden ${checkpoint.model.hidden.join(',')} --activation ${checkpoint.model.activation}; ` +
        `this run asks for --hidden ${config.hidden.join(',')} --activation ${config.activation}. Pass the checkpoint's flags.`,
      { flag: '--resume' },
    );
  }
  const train = datasetTensors(generateDataset(config.dataset, { count: config.samples, seed: config.seed }));
  const test = datasetTensors(generateDataset(config.dataset, { count: Math.ceil(config.samples / 2), seed: config.seed + 1 }));
  const model = buildClassifier({ hidden: config.hidden, activation: config.activation, seed: config.seed });
  try {
    const optimizer = createOptimizer(config.optimizer, config.hyperparameters);
    const trainer = new MinibatchTrainer(model, optimizer);
    try {
      const restored = checkpoint ? restoreCheckpoint(checkpoint, model, optimizer, config.resume!) : { optimizerStateRestored: false };
      if (checkpoint) {
        const what = restored.optimizerStateRestored ? 'the model parameters and the optimizer state' : 'the model parameters';
        hooks.onNote?.(`resumed ${what} from ${config.resume} (epoch ${checkpoint.epochsDone})${restored.optimizerStateRestored ? '' : `; ${STATE_NOT_SAVED_NOTE}`}`);
      }
      const firstEpoch = (checkpoint?.epochsDone ?? 0) + 1;
      const info: RunInfo = {
        backend: active.description,
        firstEpoch,
        lastEpoch: firstEpoch + config.epochs - 1,
        trainSamples: config.samples,
        testSamples: test.x.shape[0],
        parameters: getParamList([model]).reduce((n, entry) => n + entry.param.size, 0),
      };
      hooks.onStart?.(info);
      const records: EpochRecord[] = [];
      let seconds = 0;
      for (let epoch = firstEpoch; epoch <= info.lastEpoch; epoch++) {
        const start = performance.now();
        const random = shuffleFor(config.seed, epoch - 1);
        const loss = await read(trainer.epoch({ data: train, batchSize: config.batchSize, reduction: config.reduction, epoch: epoch - 1, random }));
        const elapsed = (performance.now() - start) / 1000; // the read waits for the epoch's work, also on a GPU
        seconds += elapsed;
        const record = { epoch, loss, testAccuracy: await read(accuracyTensor(model, test.x, test.y)), samplesPerSecond: config.samples / elapsed };
        records.push(record);
        hooks.onEpoch?.(record, info);
      }
      let optimizerStateSaved = false;
      if (config.save !== undefined) {
        const saved = await captureCheckpoint(config, model, optimizer, info.lastEpoch);
        await writeCheckpoint(config.save, saved);
        optimizerStateSaved = saved.optimizerState !== null;
        hooks.onNote?.(`saved the model parameters${optimizerStateSaved ? ' and the optimizer state' : ''} after epoch ${info.lastEpoch} to ${config.save}`);
        if (!canSaveState(optimizer)) hooks.onNote?.(STATE_NOT_SAVED_NOTE);
      }
      return {
        config,
        info,
        records,
        trainAccuracy: await read(accuracyTensor(model, train.x, train.y)),
        testAccuracy: records.at(-1)?.testAccuracy ?? (await read(accuracyTensor(model, test.x, test.y))),
        seconds,
        samplesPerSecond: (config.samples * config.epochs) / seconds,
        optimizerStateSaved,
        optimizerStateRestored: restored.optimizerStateRestored,
      };
    } finally {
      trainer.dispose();
      optimizer.dispose();
    }
  } finally {
    model.dispose();
    tf.dispose([train.x, train.y, test.x, test.y]);
  }
}
