import type { UpdateProgram } from '@descent/core';
import { writeModule } from '../wasm/module-writer.js';
import { ValType } from '../wasm/opcodes.js';
import { KernelContext } from './context.js';
import { emitElementLoop } from './element-loop.js';
import { emitFiniteChecks } from './finite-checks.js';
import { emitReductions } from './reductions.js';
import { emitSkipCounter } from './skip-counter.js';
import { emitUniforms } from './uniforms.js';

/** Options of {@link emitUpdateModule}. */
export interface EmitOptions {
  /** Emit an f32x4 loop (plus a scalar tail); otherwise a scalar loop only. */
  readonly simd: boolean;
  /** Import the memory as shared (a threaded tfjs-backend-wasm build). */
  readonly sharedMemory: boolean;
}

/** Module and field name of the memory a kernel imports. */
export const MEMORY_IMPORT = {
  /** The import's module name. */
  module: 'env',
  /** The import's field name. */
  name: 'memory',
} as const;
/** Name of the exported kernel function: `run(table: i32, bindings: i32): void`. */
export const KERNEL_EXPORT = 'run';

/**
 * Compiles an update program to a WebAssembly module that imports a memory
 * (`env.memory`) and exports `run(table: i32, bindings: i32)`. `run` applies the update in
 * place to every binding described by the call table at byte offset `table` of that memory:
 * ```
 * f32 scalars[program.scalars.length]          per-step scalars, in program.scalars order
 * i32 counter (guarded programs only)          byte offset of the f32 skip counter, or 0
 * then per binding: i32 count, i32 offset[T]   element count, then the byte offset of each
 *                                              tensor slot's float32 data (program.tensors order)
 * ```
 * It computes the reductions and finite checks first (over every binding), then the uniform
 * nodes once, then one fused pass over the elements of every binding (f32x4 + scalar tail with
 * `simd`). A guarded program (`program.guard`) skips that pass when the guard is 0, and then
 * adds 1 to the skip counter.
 * `createBackend` does all of this for you; this is exported for inspection and benchmarks.
 */
export function emitUpdateModule(program: UpdateProgram, options: EmitOptions): Uint8Array<ArrayBuffer> {
  const ctx = new KernelContext(program, options.simd);
  emitReductions(ctx);
  emitFiniteChecks(ctx);
  emitUniforms(ctx);
  emitSkipCounter(ctx);
  emitElementLoop(ctx);
  return writeModule(
    { ...MEMORY_IMPORT, minPages: 0, shared: options.sharedMemory },
    [{ name: KERNEL_EXPORT, params: [ValType.i32, ValType.i32], results: [], body: ctx.body }],
  );
}
