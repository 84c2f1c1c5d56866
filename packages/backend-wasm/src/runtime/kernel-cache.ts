import { BackendError, type UpdateProgram } from '@descent/core';
import { emitUpdateModule, KERNEL_EXPORT, MEMORY_IMPORT } from '../codegen/emit-update-module.js';

/** A compiled update: `run(table, bindings)`. */
export type Kernel = (table: number, bindings: number) => void;

interface Entry {
  kernel?: Kernel;
  pending?: Promise<void>;
  error?: unknown;
}

/** Counters of a cache, for diagnostics and tests. */
export interface CacheCounters {
  compiles: number;
  cacheHits: number;
  asyncCompiles: number;
}

/**
 * Compiled kernels of one backend, keyed by `program.key` (structural identity: programs with
 * the same key compile to the same code), each instantiated against the tfjs heap memory.
 * Per-step scalars live in the call table, so they never cause a recompile.
 *
 * Compilation is synchronous (`runUpdate` is). Browsers may refuse synchronous compilation
 * of large modules on the main thread (Chrome: over 4 KB) with a RangeError; then the module
 * is compiled asynchronously and `lookup` answers undefined until it is ready, so the caller
 * can run that step another way.
 */
export class KernelCache {
  readonly #entries = new Map<string, Entry>();
  readonly counters: CacheCounters = { compiles: 0, cacheHits: 0, asyncCompiles: 0 };

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly simd: boolean,
    private readonly sharedMemory: boolean,
  ) {}

  /** The kernel of `program`, compiling it on first use; undefined while compiling in the background. */
  lookup(program: UpdateProgram): Kernel | undefined {
    const entry = this.#entries.get(program.key);
    if (entry !== undefined) {
      if (entry.error !== undefined) {
        throw new BackendError(`@descent/backend-wasm: compiling update "${program.name}" failed`, { cause: entry.error });
      }
      if (entry.kernel !== undefined) this.counters.cacheHits++;
      return entry.kernel;
    }
    const bytes = emitUpdateModule(program, { simd: this.simd, sharedMemory: this.sharedMemory });
    const fresh: Entry = {};
    this.#entries.set(program.key, fresh);
    this.counters.compiles++;
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(bytes);
    } catch (error) {
      if (!(error instanceof RangeError)) {
        this.#entries.delete(program.key);
        throw new BackendError(`@descent/backend-wasm: the kernel of update "${program.name}" does not compile`, { cause: error });
      }
      this.counters.asyncCompiles++;
      fresh.pending = WebAssembly.instantiate(bytes, this.#imports()).then(
        ({ instance }) => {
          fresh.kernel = this.#kernelOf(instance);
        },
        (failure: unknown) => {
          fresh.error = failure;
        },
      ).finally(() => {
        fresh.pending = undefined;
      });
      return undefined;
    }
    fresh.kernel = this.#kernelOf(new WebAssembly.Instance(module, this.#imports()));
    return fresh.kernel;
  }

  /** Settles when every background compilation has finished. */
  async ready(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => e.pending));
  }

  /** Drops every kernel. */
  clear(): void {
    this.#entries.clear();
  }

  #imports(): WebAssembly.Imports {
    return { [MEMORY_IMPORT.module]: { [MEMORY_IMPORT.name]: this.memory } };
  }

  #kernelOf(instance: WebAssembly.Instance): Kernel {
    const run = instance.exports[KERNEL_EXPORT];
    if (typeof run !== 'function') throw new BackendError('@descent/backend-wasm: compiled module has no kernel export');
    return run as Kernel;
  }
}
