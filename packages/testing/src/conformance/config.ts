import type { Optimizer } from '@descent/core';
import type { SteadyStateOptions } from '../steady-state.js';
import { type Tolerance, TOLERANCE } from '../expect-close.js';
import type { ReferenceStep } from '../trajectory.js';
import { BACKEND_NAMES, type BackendName } from './backends.js';

/** One set of options the kit runs the optimizer with (e.g. with clips, or a schedule). */
export interface ConformanceCase<O> {
  /** Shown in test names, e.g. `"every clip, batch 4"`. */
  readonly name: string;
  /** Passed to `create`. */
  readonly options: O;
  /** The backend's batch size (neon's `be.bsz`) for this case; default 1. */
  readonly batchSize?: number;
  /** Gradients are uniform in `[-gradScale, gradScale]` times the batch size; default 1. */
  readonly gradScale?: number;
}

/**
 * The long run of {@link ConformanceConfig.longRun}: many steps on core's ops evaluator, checked
 * with {@link expectSteadyState} (memory flat after the warm-up call, params moved and finite,
 * `dispose()` frees every state).
 */
export interface LongRunConfig<O> {
  /** Optimizer calls after the warm-up call, >= 1 (the built-in optimizers run 10,000). */
  readonly steps: number;
  /** Options of the optimizer that runs; default `baseOptions`. Clips and decays here keep a long run bounded. */
  readonly options?: O;
  /** More {@link SteadyStateOptions} (shapes, steps per epoch, probes); `steps` above wins. */
  readonly steadyState?: Omit<SteadyStateOptions, 'steps'>;
  /**
   * Called with the optimizer after the run (it is disposed by then), for what only this
   * algorithm can check, e.g. that Adam's step count `t` is `steps + 1`.
   */
  readonly after?: (optimizer: Optimizer) => void;
}

/** What {@link describeOptimizerConformance} checks, and how. */
export interface ConformanceConfig<O> {
  /** The optimizer's name, for test names and messages. */
  readonly name: string;
  /** A new optimizer for `options` (called once per run, so each run starts fresh). */
  readonly create: (options: O) => Optimizer;
  /** How many states per parameter it keeps, e.g. 2 for Adam (a function when options decide). */
  readonly stateCount: number | ((options: O) => number);
  /**
   * A new float64 reference step for `options` (called once per run: it may count calls).
   * Without it, numbers are only compared across backends.
   */
  readonly reference?: (options: O) => ReferenceStep;
  /** Option sets to run; default one case, `"defaults"`, with `{}`. */
  readonly cases?: readonly ConformanceCase<O>[];
  /** `[option, value]` pairs that `create` must reject with an `InvalidOptionError` naming `option`. */
  readonly invalidOptions?: readonly (readonly [string, unknown])[];
  /**
   * `[option, value]` pairs that `create` accepts but `optimize()` must reject with an
   * `InvalidOptionError` naming `option`, before writing anything (e.g. a schedule that
   * returns NaN).
   */
  readonly invalidAtStep?: readonly (readonly [string, unknown])[];
  /** Options the invalid ones are merged into; default the first case's options. */
  readonly baseOptions?: O;
  /** Whether an unknown option (a typo) must be rejected too, as core's `OptionReader` does; default true. */
  readonly rejectsUnknownOptions?: boolean;
  /** Backends to try; default every one (`ops`, `wasm`, `webgpu`). Unavailable ones are skipped and reported. */
  readonly backends?: readonly BackendName[];
  /** Backends that must be available, or their tests fail; default `['ops']`. */
  readonly requireBackends?: readonly BackendName[];
  /** Against the reference, after every step; default {@link TOLERANCE}. */
  readonly tolerance?: Tolerance;
  /** Between a backend and `ops`, after a run; default {@link TOLERANCE}. */
  readonly crossBackendTolerance?: Tolerance;
  /** Steps per run, >= 4 (epochs change every 4 steps); default 12. */
  readonly steps?: number;
  /** Seeds shapes and values; default derived from `name`. Messages name it, so a failure replays. */
  readonly seed?: number;
  /**
   * The `getState`/`setState` round trip, on by default. `false` turns it off, which needs
   * `stateReason` (printed in the report): the check is never skipped silently.
   */
  readonly state?: boolean;
  /** Why the state round trip is off; required with `state: false`. */
  readonly stateReason?: string;
  /** Per-test timeout in ms; default 120000 (WebGPU on a software renderer is slow). */
  readonly timeout?: number;
  /**
   * Every option name the constructor accepts. When given, the kit fuzzes `create` with hostile
   * values (fast-check, see {@link fuzzOptions}) on the ops backend and requires every rejection
   * to be a typed Descent error naming the option, and every accepted optimizer to step or
   * reject the step with a typed error naming `schedule`, `learningRate`, `epoch` or an
   * `invalidAtStep` option. Without it, that test is not registered.
   */
  readonly knownOptions?: readonly string[];
  /**
   * When given, the kit runs `longRun.steps` steps on core's ops evaluator and requires a
   * steady state (see {@link LongRunConfig}). Without it, that test is not registered.
   */
  readonly longRun?: LongRunConfig<O>;
}

/** A config with every default filled in and checked (see {@link ConformanceConfig} for each field). */
export interface ResolvedConfig<O> {
  /** The optimizer's name. */
  readonly name: string;
  /** Makes a fresh optimizer for the options. */
  readonly create: (options: O) => Optimizer;
  /** The state count for the options. */
  readonly stateCount: (options: O) => number;
  /** Makes a fresh float64 reference step for the options; undefined without a reference. */
  readonly reference: ((options: O) => ReferenceStep) | undefined;
  /** The option sets, at least one. */
  readonly cases: readonly ConformanceCase<O>[];
  /** Options `create` must reject. */
  readonly invalidOptions: readonly (readonly [string, unknown])[];
  /** Options `optimize()` must reject. */
  readonly invalidAtStep: readonly (readonly [string, unknown])[];
  /** What invalid options are merged into. */
  readonly baseOptions: O;
  /** Whether an unknown option must be rejected. */
  readonly rejectsUnknownOptions: boolean;
  /** Backends to try, in order. */
  readonly backends: readonly BackendName[];
  /** Backends whose absence fails the tests. */
  readonly requireBackends: readonly BackendName[];
  /** Against the reference. */
  readonly tolerance: Tolerance;
  /** Between backends. */
  readonly crossBackendTolerance: Tolerance;
  /** Steps per run. */
  readonly steps: number;
  /** The seed of every run's inputs. */
  readonly seed: number;
  /** Whether the state round trip runs, and if not, why. */
  readonly state:
    | {
        /** It runs. */
        readonly enabled: true;
      }
    | {
        /** It does not. */
        readonly enabled: false;
        /** Why. */
        readonly reason: string;
      };
  /** Per-test timeout in ms. */
  readonly timeout: number;
  /** The option names to fuzz `create` with; undefined: no hostile-options test. */
  readonly knownOptions: readonly string[] | undefined;
  /** The long run, its options filled in; undefined: no long-run test. */
  readonly longRun: (LongRunConfig<O> & {
    /** The options of the run (`baseOptions` unless given). */
    readonly options: O;
  }) | undefined;
}

/** FNV-1a of a string: seeds derived from names, stable across runs. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function fail(message: string): never {
  throw new TypeError(`describeOptimizerConformance: ${message}`);
}

function checkBackends(option: string, list: readonly BackendName[] | undefined, fallback: readonly BackendName[]): readonly BackendName[] {
  if (list === undefined) return fallback;
  if (!Array.isArray(list)) fail(`"${option}" must be an array of backend names`);
  for (const name of list) if (!BACKEND_NAMES.includes(name)) fail(`"${option}" lists unknown backend ${JSON.stringify(name)}; known: ${BACKEND_NAMES.join(', ')}`);
  return list;
}

/** Fills in defaults and rejects a malformed config with a `TypeError` (a mistake in the test, not the optimizer). */
export function resolveConfig<O>(config: ConformanceConfig<O>): ResolvedConfig<O> {
  if (typeof config !== 'object' || config === null) fail('expects a config object');
  const { name, create, stateCount } = config;
  if (typeof name !== 'string' || name.length === 0) fail('"name" must be a non-empty string');
  if (typeof create !== 'function') fail('"create" must be a function (options) => Optimizer');
  if (typeof stateCount !== 'function' && !(Number.isInteger(stateCount) && stateCount >= 0)) {
    fail('"stateCount" must be an integer >= 0 or a function of the options');
  }
  if (config.reference !== undefined && typeof config.reference !== 'function') fail('"reference" must be a function (options) => ReferenceStep');
  const cases = config.cases ?? [{ name: 'defaults', options: {} as O }];
  if (!Array.isArray(cases) || cases.length === 0) fail('"cases" must be a non-empty array');
  const names = new Set<string>();
  for (const c of cases) {
    if (typeof c?.name !== 'string' || names.has(c.name)) fail('every case needs a distinct "name"');
    names.add(c.name);
  }
  if (config.state === false && !(typeof config.stateReason === 'string' && config.stateReason.trim().length > 0)) {
    fail('"state: false" needs a "stateReason" saying why the getState/setState round trip is not checked');
  }
  const backends = checkBackends('backends', config.backends, BACKEND_NAMES);
  const requireBackends = checkBackends('requireBackends', config.requireBackends, ['ops']);
  for (const required of requireBackends) if (!backends.includes(required)) fail(`"requireBackends" lists "${required}", which "backends" leaves out`);
  const steps = config.steps ?? 12;
  if (!Number.isInteger(steps) || steps < 4) fail('"steps" must be an integer >= 4');
  const { knownOptions, longRun } = config;
  if (knownOptions !== undefined && !(Array.isArray(knownOptions) && knownOptions.length > 0 && knownOptions.every((o) => typeof o === 'string' && o.length > 0))) {
    fail('"knownOptions" must be a non-empty array of option names');
  }
  if (longRun !== undefined) {
    if (typeof longRun !== 'object' || longRun === null || !(Number.isInteger(longRun.steps) && longRun.steps >= 1)) fail('"longRun.steps" must be an integer >= 1');
    if (longRun.after !== undefined && typeof longRun.after !== 'function') fail('"longRun.after" must be a function (optimizer) => void');
  }
  const baseOptions = config.baseOptions ?? cases[0]!.options;
  return {
    name,
    create,
    stateCount: typeof stateCount === 'function' ? stateCount : () => stateCount,
    reference: config.reference,
    cases,
    invalidOptions: config.invalidOptions ?? [],
    invalidAtStep: config.invalidAtStep ?? [],
    baseOptions,
    rejectsUnknownOptions: config.rejectsUnknownOptions ?? true,
    backends,
    requireBackends,
    tolerance: config.tolerance ?? TOLERANCE,
    crossBackendTolerance: config.crossBackendTolerance ?? TOLERANCE,
    steps,
    seed: config.seed ?? hashString(name),
    state: config.state === false ? { enabled: false, reason: config.stateReason!.trim() } : { enabled: true },
    timeout: config.timeout ?? 120_000,
    knownOptions,
    longRun: longRun && { ...longRun, options: longRun.options ?? baseOptions },
  };
}
