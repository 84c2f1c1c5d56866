import { Command, InvalidArgumentError, Option } from 'commander';
import type { Clock } from './runner.js';

/** The benchmark's settings, after `--quick` and the defaults are applied. */
export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly tensors: readonly number[];
  readonly algorithms: readonly string[] | undefined;
  readonly repeats: number;
  /** Rounds tfjs-cpu takes part in at N >= 1e7 (a step there takes seconds). */
  readonly cpuRepeats: number;
  readonly cpu: boolean;
  readonly json: string;
  readonly warmupMs: number;
  readonly sampleMs: number;
  readonly quick: boolean;
  /** The clock of the tables and ratios (both are recorded, and targets are checked by both). */
  readonly clock: Clock;
}

function positiveIntegers(what: string) {
  return (text: string): number[] => {
    const values = text.split(',').map((part) => Number(part.trim()));
    for (const v of values) {
      if (!Number.isSafeInteger(v) || v <= 0) throw new InvalidArgumentError(`${what} must be positive integers (e.g. 1e6), got "${text}"`);
    }
    return values;
  };
}

function positiveInteger(what: string) {
  return (text: string): number => {
    const v = Number(text);
    if (!Number.isSafeInteger(v) || v <= 0) throw new InvalidArgumentError(`${what} must be a positive integer, got "${text}"`);
    return v;
  };
}

function positiveNumber(what: string) {
  return (text: string): number => {
    const v = Number(text);
    if (!Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`${what} must be a positive number, got "${text}"`);
    return v;
  };
}

/** Parses the command line (`argv` as in `process.argv`). */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const program = new Command()
    .name('descent-bench')
    .description(
      "Times Descent's fused WebAssembly updates against tf.train on tfjs-backend-wasm and tfjs-backend-cpu " +
        'and against a memory-bound reference loop, in interleaved rounds.',
    )
    .option('--sizes <list>', 'total floats per step, comma-separated (default 1e5,1e6,1e7)', positiveIntegers('--sizes'))
    .option('--tensors <list>', 'split the N floats over this many tensors, comma-separated (default 1,100)', positiveIntegers('--tensors'))
    .option('--algorithms <list>', 'gdm, rmsprop, adagrad, adadelta, adam, shift-adamax (default all)', (t) => t.split(',').map((s) => s.trim()))
    .option('--repeats <n>', 'interleaved rounds, one sample per setup each (default 15; 5 with --quick)', positiveInteger('--repeats'))
    .option(
      '--cpu-repeats <n>',
      'rounds tf.train on tfjs-cpu takes part in at N >= 1e7, where a step takes seconds (default 5; 2 with --quick)',
      positiveInteger('--cpu-repeats'),
    )
    .option('--quick', 'fewer rounds, shorter warm-up and samples: a run of a minute or two', false)
    .option('--no-cpu', 'skip tf.train on tfjs-backend-cpu (the slowest setup)')
    .option('--json <path>', 'where to write the full results', 'bench-results/wasm.json')
    .option('--warmup-ms <ms>', 'warm-up time per setup before the rounds (default 300; 100 with --quick)', positiveNumber('--warmup-ms'))
    .option('--sample-ms <ms>', 'steps per sample are chosen to last about this long (default 25; 10 with --quick)', positiveNumber('--sample-ms'))
    .addOption(
      new Option('--clock <clock>', 'clock of the tables and ratios: wall, or cpu (this process\'s CPU time); both are recorded')
        .choices(['wall', 'cpu'])
        .default('wall'),
    )
    .allowExcessArguments(false)
    .parse(argv as string[]);
  const o = program.opts<{
    sizes?: number[];
    tensors?: number[];
    algorithms?: string[];
    repeats?: number;
    cpuRepeats?: number;
    quick: boolean;
    cpu: boolean;
    json: string;
    warmupMs?: number;
    sampleMs?: number;
    clock: Clock;
  }>();
  const sizes = o.sizes ?? [1e5, 1e6, 1e7];
  const tensors = o.tensors ?? [1, 100];
  for (const n of sizes) {
    for (const t of tensors) {
      if (n % t !== 0) program.error(`error: N=${n} does not split evenly over ${t} tensors`);
    }
  }
  return {
    sizes,
    tensors: [...new Set(tensors)].sort((a, b) => a - b),
    algorithms: o.algorithms,
    repeats: o.repeats ?? (o.quick ? 5 : 15),
    cpuRepeats: o.cpuRepeats ?? (o.quick ? 2 : 5),
    cpu: o.cpu,
    json: o.json,
    warmupMs: o.warmupMs ?? (o.quick ? 100 : 300),
    sampleMs: o.sampleMs ?? (o.quick ? 10 : 25),
    quick: o.quick,
    clock: o.clock,
  };
}
