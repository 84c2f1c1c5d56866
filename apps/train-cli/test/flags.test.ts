import { describe, expect, it } from 'vitest';
import { HYPERPARAMETERS, OPTIMIZER_NAMES } from '@descent/example-kit';
import { DEFAULT_CONFIG, parseArgs, UsageError } from '../src/index.js';
import { Capture, runCaptured } from './cli-io.js';

function parse(argv: string[]) {
  return parseArgs(argv, new Capture());
}

describe('flag parsing', () => {
  it('gives the defaults with no flags', () => {
    expect(parse([])).toEqual({ kind: 'train', config: DEFAULT_CONFIG, progressBar: true });
  });

  it('reads every hyperparameter flag into its Descent option name', () => {
    const parsed = parse(['--optimizer', 'multi', '--lr', '0.02', '--momentum', '0.5', '--beta1', '0.8', '--beta2', '0.99', '--epsilon', '1e-7', '--bias-lr', '0.3']);
    expect(parsed.kind === 'train' && parsed.config.hyperparameters).toEqual({ learningRate: 0.02, momentumCoef: 0.5, beta1: 0.8, beta2: 0.99, epsilon: 1e-7, biasLearningRate: 0.3 });
    const rms = parse(['-o', 'rmsprop', '--decay-rate', '0.9', '--grad-clip-norm', '5', '--grad-clip-value', '2', '--param-clip-value', '3']);
    expect(rms.kind === 'train' && rms.config.hyperparameters).toEqual({ decayRate: 0.9, gradientClipNorm: 5, gradientClipValue: 2, paramClipValue: 3 });
  });

  it('reads the run flags', () => {
    const parsed = parse(['-e', '7', '-b', '16', '--loss-reduction', 'mean', '--dataset', 'moons', '--samples', '300', '--hidden', '8,4', '--activation', 'tanh', '--seed', '9', '--backend', 'ops', '--save', 'a.json', '--no-progress-bar']);
    expect(parsed).toEqual({
      kind: 'train',
      progressBar: false,
      config: { ...DEFAULT_CONFIG, epochs: 7, batchSize: 16, reduction: 'mean', dataset: 'moons', samples: 300, hidden: [8, 4], activation: 'tanh', seed: 9, backend: 'ops', save: 'a.json' },
    });
  });

  it('reads --compare, with the table beside the plot by default', () => {
    expect(parse(['--compare', 'adam,gdm', '--plot', 'out/c.svg', '--momentum', '0.8'])).toMatchObject({ kind: 'compare', optimizers: ['adam', 'gdm'], plot: 'out/c.svg', table: 'out/c.md', config: { hyperparameters: { momentumCoef: 0.8 } } });
    expect(parse(['--compare', 'all'])).toMatchObject({ optimizers: OPTIMIZER_NAMES });
  });

  it('writes the help, documenting every flag and optimizer, and exits 0', async () => {
    const { code, out, err } = await runCaptured(['--help']);
    expect(code).toBe(0);
    expect(err).toBe('');
    for (const spec of Object.values(HYPERPARAMETERS)) expect(out).toContain(`--${spec.flag} <value>`);
    for (const flag of ['--optimizer', '--epochs', '--batch-size', '--loss-reduction', '--dataset', '--backend', '--seed', '--save', '--resume', '--compare', '--plot']) expect(out).toContain(flag);
    for (const name of OPTIMIZER_NAMES) expect(out).toContain(`  ${name} `);
    expect(out).toMatch(/backend\.batchSize is set to the minibatch's\s+size/);
  });
});

describe('bad flags exit with code 2 and a message naming the flag', () => {
  const cases: [string[], RegExp][] = [
    [['--lr', '-1'], /'--lr <value>' argument '-1' is invalid\. learning rate must be >= 0/],
    [['--lr', 'fast'], /--lr <value>' argument 'fast' is invalid\. learning rate must be a finite number/],
    [['--momentum', '1'], /--momentum <value>' argument '1' is invalid\. momentum must be in \[0, 1\)/],
    [['--beta2', '1.5'], /--beta2 <value>' argument '1\.5' is invalid/],
    [['--epsilon', 'Infinity'], /--epsilon <value>'.*must be a finite number/],
    [['--epochs', '0'], /--epochs <n>' argument '0' is invalid\. expected an integer >= 1/],
    [['--batch-size', '2.5'], /--batch-size <n>' argument '2\.5' is invalid/],
    [['--hidden', '8,,8'], /--hidden <sizes>' argument '8,,8' is invalid/],
    [['--optimizer', 'sgd'], /--optimizer <name>' argument 'sgd' is invalid\. Allowed choices are gdm, nesterov/],
    [['--backend', 'tpu'], /--backend <name>' argument 'tpu' is invalid/],
    [['--lrr', '0.1'], /unknown option '--lrr'\n\(Did you mean --lr\?\)/],
    [['--epochs'], /option '-e, --epochs <n>' argument missing/],
    [['train'], /too many arguments/],
    [['--optimizer', 'adam', '--momentum', '0.5'], /--momentum does not apply to adam; it applies to gdm, nesterov, multi/],
    [['--optimizer', 'adadelta', '--lr', '0.1'], /--lr does not apply to adadelta/],
    [['--optimizer', 'nesterov', '--momentum', '0'], /^descent-train: --momentum: .*Nesterov needs momentum/],
    [['--compare', 'adam,foo'], /--compare <names>' argument 'adam,foo' is invalid\. unknown "foo"/],
    [['--compare', 'adam,adam'], /lists a name twice/],
    [['--compare', 'adam,gdm', '--save', 'x.json'], /--save cannot be combined with --compare/],
    [['--compare', 'adam,rmsprop', '--momentum', '0.5'], /--momentum does not apply to any of adam, rmsprop/],
    [['--plot', 'x.svg'], /--plot only applies with --compare/],
  ];
  it.each(cases)('%j', async (argv, message) => {
    const { code, out, err } = await runCaptured(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toContain('Run "descent-train --help" for every flag.');
    expect(out).toBe('');
  });

  it('throws UsageError (with the flag) from parseArgs', () => {
    expect(() => parse(['--optimizer', 'gdm', '--beta1', '0.5'])).toThrow(UsageError);
    try {
      parse(['--optimizer', 'gdm', '--beta1', '0.5']);
    } catch (error) {
      expect((error as UsageError).flag).toBe('--beta1');
    }
  });
});
