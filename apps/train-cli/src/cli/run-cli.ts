import { createProgress } from '../progress/create-progress.js';
import type { OutputStream } from '../progress/progress-display.js';
import { train, type TrainHooks } from '../train/train.js';
import type { TrainConfig } from '../train/train-config.js';
import { describeResult, describeRun } from './describe-run.js';
import { parseArgs } from './parse-args.js';
import { PROGRAM_NAME } from './program.js';
import { USAGE_EXIT_CODE, UsageError } from './usage-error.js';

/** Where the CLI writes: progress and results to `out`, errors to `err`. */
export interface CliStreams {
  readonly out: OutputStream;
  readonly err: OutputStream;
}

function progressHooks(out: OutputStream, liveBar: boolean, config: TrainConfig, label = ''): TrainHooks {
  const progress = createProgress(out, liveBar);
  return {
    onNote: (message) => progress.note(message),
    onStart: (info) => {
      if (!label) out.write(`${describeRun(config, info)}\n`);
      progress.start(info, label);
    },
    onEpoch: (record, info) => {
      progress.epoch(record, info);
      if (record.epoch === info.lastEpoch) progress.stop();
    },
  };
}

async function run(argv: readonly string[], { out }: CliStreams): Promise<number> {
  // `pnpm --filter @descent/train-cli start -- --epochs 5` passes the `--` through.
  const command = parseArgs(argv[0] === '--' ? argv.slice(1) : argv, out);
  if (command.kind === 'exit') return command.code;
  if (command.kind === 'train') {
    const result = await train(command.config, progressHooks(out, command.progressBar, command.config));
    out.write(`${describeResult(result)}\n`);
    return 0;
  }
  const { config, optimizers, plot, table } = command;
  const width = Math.max(...optimizers.map((name) => name.length));
  out.write(`comparing ${optimizers.join(', ')} on ${config.dataset}, ${config.epochs} epochs each, same seed (${config.seed}), data and model\n`);
  const { compare } = await import('../compare/compare.js'); // vega is slow to load: only when comparing
  const result = await compare({
    config,
    optimizers,
    plot,
    table,
    hooksFor: (name) => progressHooks(out, command.progressBar, { ...config, optimizer: name }, `${name.padEnd(width)}  `),
  });
  out.write(`\n${result.table}\n\nloss curves: ${plot}\ntable:       ${table}\n`);
  return 0;
}

/**
 * Runs `descent-train` with `argv` (without `node` and the script) and returns the exit code:
 * 0 done, 2 a usage problem (printed as one clear message), 1 anything else.
 */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  try {
    return await run(argv, streams);
  } catch (error) {
    if (error instanceof UsageError) {
      streams.err.write(`${PROGRAM_NAME}: ${error.message}\nRun "${PROGRAM_NAME} --help" for every flag.\n`);
      return USAGE_EXIT_CODE;
    }
    streams.err.write(`${PROGRAM_NAME}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
