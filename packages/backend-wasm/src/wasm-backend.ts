import {
  type Backend,
  BackendError,
  checkBatchSize,
  createOpsBackend,
  SPECIFICATION_VERSION,
  type UpdateProgram,
  type UpdateRequest,
} from '@descent/core';
import type { Variable } from '@tensorflow/tfjs-core';
import { headerBytes, scalarBytes, tableBytes } from './codegen/layout.js';
import { CallTable } from './runtime/call-table.js';
import { CallWriter, slotLabel, type TableTarget, writtenSlots } from './runtime/call-writer.js';
import { ensureExclusive } from './runtime/copy-on-write.js';
import { HeapWatch } from './runtime/heap-watch.js';
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
  /**
   * Per program: checks its requests and writes their descriptors, remembering what it checked.
   * One per program, because what a place in the table means (which slot, read or written)
   * depends on the program; each optimizer has its own program.
   */
  readonly writers: WeakMap<UpdateProgram, CallWriter>;
  /** Counts `tfjs`' forced frees and new references to written data, which end what the writers remember. */
  readonly events: HeapWatch;
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
    checkScalars(program, scalars);
    const pointer = binding.table.reserve(tableBytes(program, bindings.length));
    const descriptors = { i32: binding.table.i32, at: (pointer + headerBytes(program)) >>> 2 };
    // Checks every tensor (throwing before anything is written) and fills the descriptors.
    const writer = writerFor(binding, program);
    const { sharedOutput } = writer.write(binding.lookup, binding.events, program, bindings, descriptors);
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
    if (sharedOutput) this.#copyShared(binding, program, bindings, descriptors);
    if (counter !== undefined && ensureExclusive(tfjs, counter, 'the skip counter')) this.#copiesOnWrite++;

    const f32 = binding.table.f32;
    const i32 = binding.table.i32;
    const scalarBase = pointer >>> 2;
    for (let s = 0; s < scalars.length; s++) f32[scalarBase + s] = scalars[s]!;
    if (program.guard !== undefined) {
      i32[(pointer + scalarBytes(program)) >>> 2] = counter === undefined ? 0 : binding.lookup(counter.dataId)!.memoryOffset;
    }
    this.#kernelCalls++;
    kernel(pointer, bindings.length);
    const registry = tensorRegistry(tfjs);
    if (registry === undefined) return;
    // Only params can be cached kernel weights (see the README: states are never matMul or
    // conv weights in tfjs); a guarded call that skipped wrote nothing, but forgetting is harmless.
    if (writtenSlots(program)[0] === 1) {
      const { paramIds, paramSizes, paramOffsets } = writer;
      for (let b = 0; b < bindings.length; b++) invalidateKernelCaches(registry, paramIds[b]!, paramSizes[b]!, paramOffsets[b]!);
    }
    if (counter !== undefined) {
      const record = binding.lookup(counter.dataId)!;
      invalidateKernelCaches(registry, record.id ?? -1, 1, record.memoryOffset);
    }
  }

  /**
   * Gives every output variable whose data is shared with another tensor data of its own, then
   * writes the descriptors again (the copies moved data).
   */
  #copyShared(binding: Binding, program: UpdateProgram, bindings: UpdateRequest['bindings'], descriptors: TableTarget): void {
    for (let b = 0; b < bindings.length; b++) {
      for (const { slot } of program.outputs) {
        const variable = bindings[b]![slot] as Variable;
        if (ensureExclusive(binding.tfjs, variable, slotLabel(program, bindings, b, slot))) this.#copiesOnWrite++;
      }
    }
    const writer = writerFor(binding, program);
    writer.forget();
    // On a fresh view of the heap: a copy may have grown it, which detaches the old views
    // (writes to a detached view are silently dropped, leaving the old offsets in the table).
    writer.write(binding.lookup, binding.events, program, bindings, { i32: binding.table.i32, at: descriptors.at });
  }

  /** Throws what `runUpdate` would throw for `request` (a tensor it cannot update in place...); writes nothing. */
  validate({ program, bindings, scalars, skipCounter }: UpdateRequest): void {
    if (this.#disposed) throw new BackendError('@descent/backend-wasm: this backend was disposed');
    if (bindings.length === 0) return;
    const binding = this.#bind();
    checkScalars(program, scalars);
    // The descriptors go to the scratch table, which the next call overwrites.
    const pointer = binding.table.reserve(tableBytes(program, bindings.length));
    writerFor(binding, program).write(binding.lookup, binding.events, program, bindings, {
      i32: binding.table.i32,
      at: (pointer + headerBytes(program)) >>> 2,
    });
    if (program.guard !== undefined && skipCounter !== undefined) checkSkipCounter(binding.tfjs, skipCounter);
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
      writers: new WeakMap(),
      events: new HeapWatch(tfjs),
    };
    return this.#binding;
  }

  #release(): void {
    const old = this.#binding;
    if (old === undefined) return;
    this.#retired.compiles += old.kernels.counters.compiles;
    this.#retired.cacheHits += old.kernels.counters.cacheHits;
    old.kernels.clear();
    old.events.release();
    // The call table lives on that heap; free it only if the heap still exists.
    if (old.tfjs.wasm !== null) old.table.free();
    this.#binding = undefined;
  }
}

/** The call writer of `program` in `binding`, created on first use. */
function writerFor(binding: Binding, program: UpdateProgram): CallWriter {
  let writer = binding.writers.get(program);
  if (writer === undefined) {
    writer = new CallWriter();
    binding.writers.set(program, writer);
  }
  return writer;
}

/** Throws unless `scalars` has one value per scalar of `program`. */
function checkScalars(program: UpdateProgram, scalars: Float32Array): void {
  if (scalars.length !== program.scalars.length) {
    throw new BackendError(
      `@descent/backend-wasm: update "${program.name}" takes ${program.scalars.length} scalars, got ${scalars.length}`,
    );
  }
}
