import { CommanderError, Option } from 'commander';
import { HYPERPARAMETERS, type HyperparameterKey, type Hyperparameters, hyperparametersOf, OPTIMIZER_NAMES, type OptimizerName } from '@descent/example-kit';
import type { TrainConfig } from '../train/train-config.js';
import { buildProgram } from './program.js';
import { UsageError } from './usage-error.js';

/** What the command line asks for. */
export type ParsedCommand =
  | { readonly kind: 'train'; readonly config: TrainConfig; readonly progressBar: boolean }
  | { readonly kind: 'compare'; readonly config: TrainConfig; readonly optimizers: OptimizerName[]; readonly plot: string; readonly table: string; readonly progressBar: boolean }
  | { readonly kind: 'exit'; readonly code: number };

/** Where help text goes (errors are thrown, not written). */
export interface HelpOutput {
  write(text: string): void;
}

function givenHyperparameters(options: Record<string, unknown>): Hyperparameters {
  const values: Hyperparameters = {};
  for (const spec of Object.values(HYPERPARAMETERS)) {
    const value = options[new Option(`--${spec.flag} <value>`).attributeName()]; // e.g. --decay-rate: decayRate
    if (value !== undefined) values[spec.key] = value as number;
  }
  return values;
}

function checkApplicable(values: Hyperparameters, optimizers: readonly OptimizerName[], via: string): void {
  for (const key of Object.keys(values) as HyperparameterKey[]) {
    if (optimizers.some((name) => hyperparametersOf(name).includes(key))) continue;
    const takers = OPTIMIZER_NAMES.filter((name) => hyperparametersOf(name).includes(key));
    const flag = `--${HYPERPARAMETERS[key].flag}`;
    throw new UsageError(`${flag} does not apply to ${via}; it applies to ${takers.join(', ')}`, { flag });
  }
}

function tableFor(plot: string): string {
  return /\.svg$/i.test(plot) ? plot.replace(/\.svg$/i, '.md') : `${plot}.md`;
}

/**
 * Parses `argv` (without `node` and the script). Bad flags throw a {@link UsageError} whose
 * message names the flag; `--help` writes the help to `help` and returns `{ kind: 'exit', code: 0 }`.
 */
export function parseArgs(argv: readonly string[], help: HelpOutput): ParsedCommand {
  const program = buildProgram()
    .exitOverride()
    .configureOutput({ writeOut: (text) => help.write(text), writeErr: () => {}, outputError: () => {} });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return { kind: 'exit', code: 0 };
    throw new UsageError(error.message.replace(/^error: /, ''), { cause: error });
  }
  const o = program.opts();
  const given = (name: string) => program.getOptionValueSource(name) === 'cli';
  const config: TrainConfig = {
    optimizer: o.optimizer,
    hyperparameters: givenHyperparameters(o),
    epochs: o.epochs,
    batchSize: o.batchSize,
    reduction: o.lossReduction,
    dataset: o.dataset,
    samples: o.samples,
    hidden: o.hidden,
    activation: o.activation,
    seed: o.seed,
    backend: o.backend,
    ...(o.save === undefined ? {} : { save: o.save }),
    ...(o.resume === undefined ? {} : { resume: o.resume }),
  };
  if (o.compare === undefined) {
    for (const flag of ['plot', 'table']) if (given(flag)) throw new UsageError(`--${flag} only applies with --compare`, { flag: `--${flag}` });
    checkApplicable(config.hyperparameters, [config.optimizer], config.optimizer);
    return { kind: 'train', config, progressBar: o.progressBar };
  }
  for (const flag of ['optimizer', 'save', 'resume']) {
    if (given(flag)) throw new UsageError(`--${flag} cannot be combined with --compare (which trains each listed optimizer from scratch)`, { flag: `--${flag}` });
  }
  const optimizers = o.compare as OptimizerName[];
  checkApplicable(config.hyperparameters, optimizers, `any of ${optimizers.join(', ')}`);
  return { kind: 'compare', config, optimizers, plot: o.plot, table: o.table ?? tableFor(o.plot), progressBar: o.progressBar };
}
