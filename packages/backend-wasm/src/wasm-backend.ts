import {
  type Backend,
  BackendError,
  checkBatchSize,
  createOpsBackend,
  SPECIFICATION_VERSION,
  type UpdateProgram,
  type UpdateRequest,
} from '@descent/core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { headerBytes, scalarBytes, tableBytes } from './codegen/layout.js';
import { CallTable } from './runtime/call-table.js';
import { ensureExclusive } from './runtime/copy-on-write.js';
import { invalidateKernelCaches, tensorRegistry } from './runtime/invalidate-caches.js';
import { checkSkipCounter } from './runtime/skip-counter.js';
import { KernelCache } from './runtime/kernel-cache.js';
import {
  findTfjsWasm,
  heapMemory,
  isSharedMemory,
  type RecordLookup,
  recordLookup,
  type TfjsWasmBackend,
  type WasmTensorData,
} from './runtime/tfjs-wasm.js';

/** Counters of a {@link WasmBackend}, for diagnostics, tests and benchmarks. */
export interface WasmBackendStats {
  /** Modules generated and compiled (one per distinct `program.key`). */
  readonly compiles: number;
  /** `runUpdate` calls served by an already compiled kernel. */
  readonly cacheHits: number;
  /** Calls into a compiled kernel (one per `runUpdate` with at least one binding). */
  readonly kernelCalls: number;
  /** `runUpdate` calls run as tfjs ops while their kernel compiled in the background. */
  readonly fallbackCalls: number;
  /** Variables given their own copy of shared data before an in-place write. */
  readonly copiesOnWrite: number;
}

/** The backend `createBackend` returns: Descent's `Backend` (from `@descent/core`) plus introspection. */
export interface WasmBackend extends Backend {
  /** Whether kernels use WebAssembly SIMD (false: scalar loops only). */
  readonly simd: boolean;
  /** A snapshot of the backend's counters. */
  readonly stats: WasmBackendStats;
  /** Settles when kernels being compiled in the background (large modules in browsers) are ready. */
  ready(): Promise<void>;
  /** Frees the call table on the tfjs heap and every compiled kernel. */
  dispose(): void;
}

/** Everything bound to one tfjs wasm backend instance (its heap). */
interface Binding {
  readonly tfjs: TfjsWasmBackend;
  /** Finds a tensor's record in `tfjs` (undefined: the tensor does not live there). */
  readonly lookup: RecordLookup;
  readonly kernels: KernelCache;
  readonly table: CallTable;
}

function isVariable(tensor: Tensor): tensor is Variable {
  return typeof (tensor as Variable).assign === 'function';
}

export class WasmBackendImpl implements WasmBackend {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly name = 'wasm';
  readonly simd: boolean;
  #batchSize: number;
  #binding: Binding | undefined;
  #disposed = false;
  #kernelCalls = 0;
  #fallbackCalls = 0;
  #copiesOnWrite = 0;
  readonly #retired = { compiles: 0, cacheHits: 0 };
  readonly #fallback = createOpsBackend();

  constructor(options: { batchSize: number; simd: boolean }) {
    this.#batchSize = checkBatchSize(options.batchSize);
    this.simd = options.simd;
  }

  get batchSize(): number {
    return this.#batchSize;
  }

  set batchSize(value: number) {
    this.#batchSize = checkBatchSize(value);
  }

  get stats(): WasmBackendStats {
    const counters = this.#binding?.kernels.counters;
    return {
      compiles: this.#retired.compiles + (counters?.compiles ?? 0),
      cacheHits: this.#retired.cacheHits + (counters?.cacheHits ?? 0),
      kernelCalls: this.#kernelCalls,
      fallbackCalls: this.#fallbackCalls,
      copiesOnWrite: this.#copiesOnWrite,
    };
  }

  async ready(): Promise<void> {
    await this.#binding?.kernels.ready();
  }

  runUpdate(request: UpdateRequest): void {
    const { program, bindings, scalars } = request;
    if (this.#disposed) throw new BackendError('@descent/backend-wasm: this backend was disposed');
    if (bindings.length === 0) return;
    const binding = this.#bind();
    const tfjs = binding.tfjs;
    // Each tensor's tfjs record, looked up once per call (slot k of binding b at b * slots + k).
    const records = this.#validate(binding.lookup, program, bindings, scalars);
    const counter = program.guard === undefined ? undefined : request.skipCounter;
    if (counter !== undefined) checkSkipCounter(tfjs, counter);

    const kernel = binding.kernels.lookup(program);
    if (kernel === undefined) {
      // The kernel is compiling in the background: this step runs as tfjs ops (same results).
      this.#fallbackCalls++;
      this.#fallback.runUpdate(request);
      return;
    }

    // Everything is checked: from here on the call writes.
    const outputs = program.outputs;
    const slots = program.tensors.length;
    let copied = false;
    for (let b = 0; b < bindings.length; b++) {
      for (let o = 0; o < outputs.length; o++) {
        const slot = outputs[o]!.slot;
        // The common case: the variable owns its data (once a copy was made in this call, the
        // records may be stale and ensureExclusive looks the data up itself).
        if (!copied && records[b * slots + slot]!.refCount <= 1) continue;
        const variable = bindings[b]![slot] as Variable;
        if (ensureExclusive(tfjs, variable, label(program, bindings, b, slot))) {
          this.#copiesOnWrite++;
          copied = true;
        }
      }
    }
    if (copied) {
      // Copies moved some variables' data (and may have changed what other slots share).
      for (let b = 0; b < bindings.length; b++) {
        for (let k = 0; k < slots; k++) records[b * slots + k] = binding.lookup(bindings[b]![k]!.dataId)!;
      }
    }
    if (counter !== undefined && ensureExclusive(tfjs, counter, 'the skip counter')) this.#copiesOnWrite++;

    const pointer = binding.table.reserve(tableBytes(program, bindings.length));
    const f32 = binding.table.f32;
    const i32 = binding.table.i32;
    const scalarBase = pointer >>> 2;
    for (let s = 0; s < scalars.length; s++) f32[scalarBase + s] = scalars[s]!;
    if (program.guard !== undefined) {
      i32[(pointer + scalarBytes(program)) >>> 2] = counter === undefined ? 0 : binding.lookup(counter.dataId)!.memoryOffset;
    }
    let at = (pointer + headerBytes(program)) >>> 2;
    for (let b = 0; b < bindings.length; b++) {
      i32[at++] = bindings[b]![0]!.size;
      // Read at every call: assign (and copy-on-write) move a variable's data.
      for (let k = 0; k < slots; k++) i32[at++] = records[b * slots + k]!.memoryOffset;
    }
    this.#kernelCalls++;
    kernel(pointer, bindings.length);
    const registry = tensorRegistry(tfjs);
    if (registry === undefined) return;
    for (let b = 0; b < bindings.length; b++) {
      const size = bindings[b]![0]!.size;
      for (let o = 0; o < outputs.length; o++) invalidateKernelCaches(registry, records[b * slots + outputs[o]!.slot]!, size);
    }
    if (counter !== undefined) invalidateKernelCaches(registry, binding.lookup(counter.dataId)!, 1);
  }

  /** Throws what `runUpdate` would throw for `request` (a tensor it cannot update in place...); writes nothing. */
  validate({ program, bindings, scalars, skipCounter }: UpdateRequest): void {
    if (this.#disposed) throw new BackendError('@descent/backend-wasm: this backend was disposed');
    if (bindings.length === 0) return;
    const { tfjs, lookup } = this.#bind();
    this.#validate(lookup, program, bindings, scalars);
    if (program.guard !== undefined && skipCounter !== undefined) checkSkipCounter(tfjs, skipCounter);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#release();
  }

  /** The state bound to the current tfjs wasm backend, rebuilt if tfjs re-created it. */
  #bind(): Binding {
    const tfjs = findTfjsWasm();
    if (tfjs === undefined || tfjs.wasm === null) {
      throw new BackendError('@descent/backend-wasm: the tfjs "wasm" backend is not initialised (was it removed?)');
    }
    if (this.#binding?.tfjs === tfjs) return this.#binding;
    this.#release();
    const memory = heapMemory(tfjs);
    const wasm = tfjs.wasm;
    this.#binding = {
      tfjs,
      lookup: recordLookup(tfjs),
      kernels: new KernelCache(memory, this.simd, isSharedMemory(memory)),
      table: new CallTable(wasm, memory),
    };
    return this.#binding;
  }

  #release(): void {
    const old = this.#binding;
    if (old === undefined) return;
    this.#retired.compiles += old.kernels.counters.compiles;
    this.#retired.cacheHits += old.kernels.counters.cacheHits;
    old.kernels.clear();
    // The call table lives on that heap; free it only if the heap still exists.
    if (old.tfjs.wasm !== null) old.table.free();
    this.#binding = undefined;
  }

  /**
   * Throws before anything is written when a binding cannot be updated in place here.
   * Returns every tensor's tfjs record (slot k of binding b at `b * slots + k`).
   */
  #validate(
    lookup: RecordLookup,
    program: UpdateProgram,
    bindings: UpdateRequest['bindings'],
    scalars: Float32Array,
  ): WasmTensorData[] {
    if (scalars.length !== program.scalars.length) {
      throw new BackendError(
        `@descent/backend-wasm: update "${program.name}" takes ${program.scalars.length} scalars, got ${scalars.length}`,
      );
    }
    const slots = program.tensors.length;
    const outputs = program.outputs;
    const records = new Array<WasmTensorData>(bindings.length * slots);
    for (let b = 0; b < bindings.length; b++) {
      const tensors = bindings[b]!;
      if (tensors.length !== slots) {
        throw new BackendError(`@descent/backend-wasm: binding ${b} has ${tensors.length} tensors, expected ${slots}`);
      }
      const size = tensors[0]!.size;
      for (let k = 0; k < slots; k++) {
        const tensor = tensors[k]!;
        // Not dataIdMap.get, which would move the data of another backend's tensor here.
        const data = tensor.isDisposed ? undefined : lookup(tensor.dataId);
        if (data === undefined) {
          throw new BackendError(
            `@descent/backend-wasm: ${label(program, bindings, b, k)} ${tensor.isDisposed ? 'is disposed' : 'does not live in the tfjs "wasm" backend'}` +
              (tensor.isDisposed ? '' : '; create it while tf.getBackend() is "wasm" (or copy it there with tf.clone under "wasm")'),
          );
        }
        if (data.dtype !== 'float32' || tensor.size !== size) {
          throw new BackendError(
            `@descent/backend-wasm: ${label(program, bindings, b, k)} must be float32 with ${size} elements, ` +
              `got ${data.dtype} with ${tensor.size}`,
          );
        }
        records[b * slots + k] = data;
      }
      for (let o = 0; o < outputs.length; o++) {
        const slot = outputs[o]!.slot;
        if (!isVariable(tensors[slot]!)) {
          throw new BackendError(`@descent/backend-wasm: ${label(program, bindings, b, slot)} is written in place and must be a tf.Variable`);
        }
      }
    }
    return records;
  }
}

/** `param "w"`, or `velocity of param "w"`, for messages. */
function label(program: UpdateProgram, bindings: UpdateRequest['bindings'], b: number, slot: number): string {
  const param = bindings[b]![0] as Tensor & { name?: string };
  const name = `param "${param?.name ?? `#${b}`}"`;
  return slot === 0 ? name : `${program.tensors[slot]} of ${name}`;
}
