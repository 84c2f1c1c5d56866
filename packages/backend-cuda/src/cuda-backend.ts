import {
  type Backend,
  BackendError,
  checkBatchSize,
  SPECIFICATION_VERSION,
  type UpdateProgram,
  type UpdateRequest,
} from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { TENSORFLOW_BACKEND } from './addon/activate.js';
import type { AddonPackage } from './addon/requirements.js';
import type { TensorflowDevice } from './addon/tensorflow-device.js';
import { RunnerCache } from './plan/runner-cache.js';

/** Counters of a {@link CudaBackend}, for diagnostics, tests and benchmarks. */
export interface CudaBackendStats {
  /** Distinct update programs prepared (one per optimizer, typically). */
  readonly programs: number;
  /** `runUpdate` calls that ran (with at least one binding). */
  readonly updates: number;
  /** Per-step scalar tensors uploaded: first uses, and values that changed since the last call. */
  readonly scalarUploads: number;
}

/** The backend `createBackend` returns: Descent's `Backend` (from `@descent/core`) plus what it runs on. */
export interface CudaBackend extends Backend {
  /** Where TensorFlow runs the updates: `'GPU'`, or `'CPU'` (only with `allowCpu`). */
  readonly device: TensorflowDevice;
  /** The addon package that was loaded. */
  readonly addon: AddonPackage;
  /** A snapshot of the backend's counters. */
  readonly stats: CudaBackendStats;
  /** Frees the cached scalar tensors; the backend cannot run updates afterwards. */
  dispose(): void;
}

function isVariable(tensor: tf.Tensor): tensor is tf.Variable {
  return typeof (tensor as tf.Variable).assign === 'function';
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export class CudaBackendImpl implements CudaBackend {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly name: string;
  readonly device: TensorflowDevice;
  readonly addon: AddonPackage;
  #batchSize: number;
  #updates = 0;
  #disposed = false;
  readonly #runners = new RunnerCache();

  constructor(options: { batchSize: number; device: TensorflowDevice; addon: AddonPackage }) {
    this.#batchSize = checkBatchSize(options.batchSize);
    this.device = options.device;
    this.addon = options.addon;
    this.name = options.device === 'GPU' ? 'cuda' : 'tensorflow-cpu';
  }

  get batchSize(): number {
    return this.#batchSize;
  }

  set batchSize(value: number) {
    this.#batchSize = checkBatchSize(value);
  }

  get stats(): CudaBackendStats {
    return { programs: this.#runners.created, updates: this.#updates, scalarUploads: this.#runners.uploads };
  }

  runUpdate({ program, bindings, scalars, skipCounter }: UpdateRequest): void {
    if (this.#disposed) throw new BackendError('@descent/backend-cuda: this backend was disposed');
    if (bindings.length === 0) return;
    this.#validate(program, bindings, scalars);
    const counter = program.guard === undefined ? undefined : skipCounter;
    if (counter !== undefined) checkCounter(counter);
    const runner = this.#runners.get(program);
    tf.tidy(() => {
      // Every new value is computed before the first assign: an op failing midway (out of
      // device memory, say) leaves every parameter and state as it was.
      const results = runner.run(bindings, scalars);
      // A guard of 0 made every output its old value (where(), on the device): count the skip.
      const skipped = counter ? tf.reshape(tf.add(counter, tf.cast(tf.equal(runner.guard!, 0), 'float32')), counter.shape) : undefined;
      results.forEach((outputs, b) => {
        outputs.forEach((value, o) => {
          if (value !== null) (bindings[b]![program.outputs[o]!.slot] as tf.Variable).assign(value);
        });
      });
      if (skipped) counter!.assign(skipped);
    });
    this.#updates++;
  }

  /** Throws what `runUpdate` would throw for `request`; computes and writes nothing. */
  validate({ program, bindings, scalars, skipCounter }: UpdateRequest): void {
    if (this.#disposed) throw new BackendError('@descent/backend-cuda: this backend was disposed');
    if (bindings.length === 0) return;
    this.#validate(program, bindings, scalars);
    if (program.guard !== undefined && skipCounter !== undefined) checkCounter(skipCounter);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#runners.clear();
  }

  /** Throws before anything is computed or written when the call cannot run here. */
  #validate(program: UpdateProgram, bindings: UpdateRequest['bindings'], scalars: Float32Array): void {
    const active = tf.getBackend();
    if (active !== TENSORFLOW_BACKEND) {
      throw new BackendError(
        `@descent/backend-cuda: the active tfjs backend is "${String(active)}", not "${TENSORFLOW_BACKEND}": ` +
          `updates would not run on TensorFlow. Call tf.setBackend('${TENSORFLOW_BACKEND}') again, or use a ` +
          'Descent backend for that tfjs backend.',
      );
    }
    if (scalars.length !== program.scalars.length) {
      throw new BackendError(
        `@descent/backend-cuda: update "${program.name}" takes ${program.scalars.length} scalars, got ${scalars.length}`,
      );
    }
    const slots = program.tensors.length;
    for (let b = 0; b < bindings.length; b++) {
      const tensors = bindings[b]!;
      if (tensors.length !== slots) {
        throw new BackendError(`@descent/backend-cuda: binding ${b} has ${tensors.length} tensors, expected ${slots}`);
      }
      const shape = tensors[0]!.shape;
      for (let k = 0; k < slots; k++) {
        const tensor = tensors[k]!;
        const what = label(program, bindings, b, k);
        if (tensor.isDisposed) throw new BackendError(`@descent/backend-cuda: ${what} is disposed`);
        if (tensor.dtype !== 'float32' || !sameShape(tensor.shape, shape)) {
          throw new BackendError(
            `@descent/backend-cuda: ${what} must be float32 of shape [${shape.join(',')}], ` +
              `got ${tensor.dtype} of shape [${tensor.shape.join(',')}]`,
          );
        }
      }
      for (const { slot } of program.outputs) {
        if (!isVariable(tensors[slot]!)) {
          throw new BackendError(`@descent/backend-cuda: ${label(program, bindings, b, slot)} is written in place and must be a tf.Variable`);
        }
      }
    }
  }
}

/** Throws unless `counter` is a live float32 Variable of one element. */
function checkCounter(counter: tf.Variable): void {
  if (typeof counter !== 'object' || counter === null || !isVariable(counter) || counter.isDisposed || counter.dtype !== 'float32' || counter.size !== 1) {
    throw new BackendError('@descent/backend-cuda: the skip counter must be a live float32 tf.Variable of one element');
  }
}

/** `param "w"`, or `velocity of param "w"`, for messages. */
function label(program: UpdateProgram, bindings: UpdateRequest['bindings'], b: number, slot: number): string {
  const param = bindings[b]![0] as tf.Tensor & { name?: string };
  const name = `param "${param?.name ?? `#${b}`}"`;
  return slot === 0 ? name : `${program.tensors[slot]} of ${name}`;
}
