import { HYPERPARAMETERS, type HyperparameterKey, OPTIMIZERS } from '@descent/example-kit';
import { formatLoss, formatPercent, formatRate } from '../progress/format.js';
import type { RunInfo, TrainResult } from '../train/train.js';
import type { TrainConfig } from '../train/train-config.js';

/** `learningRate 0.01, beta1 0.9, ...` for the optimizer's effective hyperparameters (clipping only when on). */
export function describeHyperparameters(config: TrainConfig): string {
  const defaults = OPTIMIZERS[config.optimizer].defaults;
  return (Object.keys(defaults) as HyperparameterKey[])
    .map((key) => [key, config.hyperparameters[key] ?? defaults[key]!] as const)
    .filter(([key, value]) => value !== 0 || !/Clip/.test(key))
    .map(([key, value]) => `${HYPERPARAMETERS[key].flag} ${value}`)
    .join(', ');
}

/** The lines printed before training: data, model, optimizer, backend, batches. */
export function describeRun(config: TrainConfig, info: RunInfo): string {
  const layers = `${config.hidden.map((n) => `Affine(${n}, ${config.activation === 'tanh' ? 'Tanh' : 'Rectlin'})`).join(' → ')} → Affine(2, Softmax)`;
  const batch =
    config.reduction === 'sum'
      ? `${config.batchSize}; loss = minibatch sum, so backend.batchSize = ${config.batchSize} (neon's convention)`
      : `${config.batchSize}; loss = minibatch mean, so backend.batchSize = 1`;
  return [
    `data       ${config.dataset}: ${info.trainSamples} training points, ${info.testSamples} test points (seed ${config.seed})`,
    `model      ${layers} from @descent/layers, ${info.parameters.toLocaleString('en-US')} parameters`,
    `optimizer  ${config.optimizer}: ${OPTIMIZERS[config.optimizer].summary} (${describeHyperparameters(config)})`,
    `backend    ${info.backend}`,
    `batch      ${batch}`,
    `epochs     ${info.firstEpoch}–${info.lastEpoch}`,
  ].join('\n');
}

/** The closing line of a run. */
export function describeResult(result: TrainResult): string {
  const last = result.records.at(-1);
  return (
    `done: loss ${formatLoss(last?.loss ?? Number.NaN)} (first epoch of this run: ${formatLoss(result.records[0]?.loss ?? Number.NaN)}), ` +
    `train accuracy ${formatPercent(result.trainAccuracy)}, test accuracy ${formatPercent(result.testAccuracy)}; ` +
    `${result.records.length} epochs in ${result.seconds.toFixed(1)} s (${formatRate(result.samplesPerSecond)} samples/s)`
  );
}
