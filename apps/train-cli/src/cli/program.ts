import { Command, Option } from 'commander';
import { ACTIVATION_NAMES, DATASET_NAMES, HYPERPARAMETERS, type HyperparameterKey, hyperparametersOf, OPTIMIZER_NAMES, OPTIMIZERS } from '@descent/example-kit';
import { BACKEND_HELP, BACKEND_NAMES } from '../backends/backend-names.js';
import { DEFAULT_CONFIG } from '../train/train-config.js';
import { hyperparameterValue, integerAtLeast, layerSizes, nameList } from './value-parsers.js';

/** The program's name in help and error messages. */
export const PROGRAM_NAME = 'descent-train';

function takenBy(key: HyperparameterKey): string {
  return OPTIMIZER_NAMES.filter((name) => hyperparametersOf(name).includes(key)).join(', ');
}

function optimizerTable(): string {
  const width = Math.max(...OPTIMIZER_NAMES.map((name) => name.length));
  return OPTIMIZER_NAMES.map((name) => {
    const defaults = Object.entries(OPTIMIZERS[name].defaults)
      .filter(([key, value]) => value !== 0 || !(key.endsWith('ClipValue') || key.endsWith('ClipNorm')))
      .map(([key, value]) => `--${HYPERPARAMETERS[key as HyperparameterKey].flag} ${value}`)
      .join(' ');
    return `  ${name.padEnd(width)}  ${OPTIMIZERS[name].summary}\n  ${' '.repeat(width)}  defaults: ${defaults}`;
  }).join('\n');
}

const AFTER_HELP = `
Optimizers (each a separate @descent package; flags that an optimizer does not take are refused):
${optimizerTable()}
  Gradient clipping (--grad-clip-norm, --grad-clip-value, --param-clip-value) is off (0) by default.
  With --compare, each hyperparameter flag goes to every listed optimizer that takes it.

Backends (--backend):
${BACKEND_NAMES.map((name) => `  ${name.padEnd(6)}  ${BACKEND_HELP[name]}`).join('\n')}

Batch size and loss: with --loss-reduction sum (the default, neon's convention) the loss of a
minibatch is the sum over its samples, and Descent's backend.batchSize is set to the minibatch's
size, so the optimizers divide the gradients by it. With --loss-reduction mean the loss is
already an average and backend.batchSize stays 1. --batch-size sets the minibatch size either way.

Checkpoints: --save writes the model parameters (and the optimizer's state, once Descent's
optimizers have getState()/setState(); this build says when it cannot) after the last epoch.
--resume loads them and trains --epochs more epochs, numbered on from the checkpoint; pass the
same --hidden and --activation.

Output: a live progress bar on a terminal; whole lines (no carriage returns) when the output
is a log or a pipe. Exit codes: 0 done, 2 bad flags or an unavailable backend, 1 anything else.

Examples:
  ${PROGRAM_NAME}
  ${PROGRAM_NAME} --optimizer rmsprop --lr 0.005 --epochs 50 --dataset moons
  ${PROGRAM_NAME} --optimizer nesterov --momentum 0.95 --save run.json
  ${PROGRAM_NAME} --optimizer nesterov --momentum 0.95 --resume run.json --epochs 10
  ${PROGRAM_NAME} --compare adam,rmsprop,gdm --plot out/loss.svg
`;

/** The commander program: every flag, its parser and its help text. */
export function buildProgram(): Command {
  const d = DEFAULT_CONFIG;
  const program = new Command(PROGRAM_NAME)
    .description('Train a small neon-style network (@descent/layers) on generated 2-D data with a Descent optimizer.')
    .helpOption('-h, --help', 'show this help')
    .addOption(new Option('-o, --optimizer <name>', 'the optimizer').choices(OPTIMIZER_NAMES).default(d.optimizer))
    .addOption(new Option('-e, --epochs <n>', 'epochs to train (after the checkpoint with --resume)').argParser(integerAtLeast(1)).default(d.epochs))
    .addOption(new Option('-b, --batch-size <n>', 'minibatch size (see "Batch size and loss" below)').argParser(integerAtLeast(1)).default(d.batchSize))
    .addOption(new Option('--loss-reduction <how>', 'sum: backend.batchSize = minibatch size; mean: backend.batchSize = 1').choices(['sum', 'mean']).default(d.reduction))
    .addOption(new Option('--dataset <name>', 'generated two-class data').choices(DATASET_NAMES).default(d.dataset))
    .addOption(new Option('--samples <n>', 'training points (the test set has half as many)').argParser(integerAtLeast(2)).default(d.samples))
    .addOption(new Option('--hidden <sizes>', 'hidden Affine layers, comma-separated').argParser(layerSizes).default(d.hidden, d.hidden.join(',')))
    .addOption(new Option('--activation <name>', 'hidden activation').choices(ACTIVATION_NAMES).default(d.activation))
    .addOption(new Option('--seed <n>', 'seeds the data, the weights and the shuffles').argParser(integerAtLeast(0)).default(d.seed))
    .addOption(new Option('--backend <name>', 'the Descent backend (see below)').choices(BACKEND_NAMES).default(d.backend));
  for (const spec of Object.values(HYPERPARAMETERS)) {
    program.addOption(new Option(`--${spec.flag} <value>`, `${spec.description}; for ${takenBy(spec.key)}`).argParser(hyperparameterValue(spec.key)));
  }
  return program
    .addOption(new Option('--save <file>', 'write a checkpoint (JSON) after the last epoch'))
    .addOption(new Option('--resume <file>', 'start from a checkpoint written by --save'))
    .addOption(new Option('--compare <names>', 'train once per optimizer (comma-separated, or all) and plot the loss curves').argParser(nameList(OPTIMIZER_NAMES)))
    .addOption(new Option('--plot <file>', 'with --compare: the loss-curve plot (SVG)').default('descent-compare.svg'))
    .addOption(new Option('--table <file>', 'with --compare: the results table (markdown); default: the plot file with .md'))
    .addOption(new Option('--no-progress-bar', 'print progress as lines even on a terminal'))
    .addHelpText('after', AFTER_HELP)
    .allowExcessArguments(false)
    .showSuggestionAfterError(true);
}
