import { readFile, rename, writeFile } from 'node:fs/promises';
import type { ActivationName, DatasetName, OptimizerName } from '@descent/example-kit';
import { UsageError } from '../cli/usage-error.js';

/** The checkpoint format this app writes and reads. */
export const CHECKPOINT_FORMAT = 'descent-train-cli-checkpoint';
/** Its version; a file of another version is refused. */
export const CHECKPOINT_VERSION = 1;

/** One saved tensor: its shape and its float32 values as plain numbers. */
export interface SavedTensor {
  readonly shape: number[];
  readonly data: number[];
}

/** What `--save` writes (JSON). */
export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  /** The architecture, rebuilt on resume. */
  readonly model: { readonly hidden: number[]; readonly activation: ActivationName };
  readonly dataset: DatasetName;
  readonly seed: number;
  readonly optimizer: OptimizerName;
  /** Epochs trained so far; a resumed run continues from here (schedules see the true epoch). */
  readonly epochsDone: number;
  /** Keyed by layer name (see `namedParams`). */
  readonly params: Record<string, SavedTensor>;
  /** `optimizer.getState()`, or null where the optimizer cannot save it yet. */
  readonly optimizerState: unknown;
}

/** Writes `checkpoint` to `file` atomically: a temporary file beside it, then a rename. */
export async function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(checkpoint));
  await rename(temporary, file);
}

function fail(file: string, problem: string, cause?: unknown): never {
  throw new UsageError(`--resume ${file}: ${problem}`, { flag: '--resume', cause });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTensor(file: string, name: string, value: unknown): SavedTensor {
  if (!isRecord(value) || !Array.isArray(value.shape) || !Array.isArray(value.data)) fail(file, `param "${name}" is not { shape, data }`);
  const shape = value.shape as unknown[];
  const data = value.data as unknown[];
  if (!shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) fail(file, `param "${name}" has a bad shape`);
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (data.length !== size) fail(file, `param "${name}" has ${data.length} values for shape [${shape.join(', ')}]`);
  if (!data.every((x) => typeof x === 'number' && Number.isFinite(x))) fail(file, `param "${name}" holds a value that is not a finite number`);
  return { shape: shape as number[], data: data as number[] };
}

/** Reads and checks a checkpoint; every problem is a {@link UsageError} naming `--resume`. */
export async function readCheckpoint(file: string): Promise<Checkpoint> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    fail(file, `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail(file, 'is not JSON', error);
  }
  if (!isRecord(value) || value.format !== CHECKPOINT_FORMAT) fail(file, `is not a ${CHECKPOINT_FORMAT} file`);
  if (value.version !== CHECKPOINT_VERSION) fail(file, `has version ${String(value.version)}; this build reads version ${CHECKPOINT_VERSION}`);
  const model = value.model;
  if (!isRecord(model) || !Array.isArray(model.hidden) || typeof model.activation !== 'string') fail(file, 'has no model description');
  if (!Number.isInteger(value.epochsDone) || (value.epochsDone as number) < 0) fail(file, 'has a bad epochsDone');
  if (!isRecord(value.params)) fail(file, 'has no params');
  // fromEntries defines own properties, so a "__proto__" key stays a plain (and unknown) name.
  const params = Object.fromEntries(Object.entries(value.params).map(([name, tensor]) => [name, checkTensor(file, name, tensor)]));
  return { ...(value as unknown as Checkpoint), params };
}
