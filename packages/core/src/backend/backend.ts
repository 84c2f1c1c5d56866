import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { UpdateProgram } from '../ir/program.js';
import type { SpecificationVersion } from '../specification.js';

/**
 * One fused update to run: the program, and for every parameter of the `optimize()` call its
 * tensors in `program.tensors` order (`[param, grad, ...states]`). Every tensor has been
 * validated (live, float32, same shape) before the backend sees it.
 */
export interface UpdateRequest {
  /** The fused update to run. */
  readonly program: UpdateProgram;
  /** Per parameter of the call, its tensors in `program.tensors` order. */
  readonly bindings: readonly (readonly Tensor[])[];
  /** Per-step scalar values, in `program.scalars` order. */
  readonly scalars: Float32Array;
  /**
   * With a guarded program (`program.guard`): a float32 `Variable` of one element, living on
   * the backend's device, to which the backend adds 1 — on the device, without a readback —
   * when the call's guard is 0 (the call wrote nothing). An optimizer counts skipped steps
   * (`skipNonFinite`) with it.
   */
  readonly skipCounter?: Variable;
}

/**
 * Runs fused updates. Backends are injected at runtime with `setBackend(await createBackend())`
 * from a backend package; the default runs updates as tfjs ops on the active tfjs backend.
 */
export interface Backend {
  /** The contract version this backend implements, see `SPECIFICATION_VERSION`. */
  readonly specificationVersion: SpecificationVersion;
  /** A short name such as `"wasm"`, for messages and benchmarks. */
  readonly name: string;
  /** neon's `be.bsz`: gradients are divided by it (default 1, for losses that are means). */
  batchSize: number;
  /**
   * Runs `request.program` over every binding, in place: every output slot's tensor (a
   * `Variable`) holds the new values afterwards. Must not leave tensors allocated.
   */
  runUpdate(request: UpdateRequest): void;
  /**
   * Optional: throws exactly what `runUpdate(request)` would throw for a request it cannot run
   * (a tensor on another tfjs backend, too large...), and writes nothing. Composite calls
   * (MultiOptimizer, through `Optimizer.validate`) use it to check every part of a step before
   * the first part writes. A state the optimizer will create lazily (zeros on the active tfjs
   * backend) is represented by the param itself in `request.bindings`.
   */
  validate?(request: UpdateRequest): void;
  /** Frees compiled kernels and buffers. */
  dispose?(): void;
}
