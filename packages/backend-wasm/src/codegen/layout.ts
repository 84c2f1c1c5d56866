import type { UpdateProgram } from '@descent/core';

/**
 * The call table a kernel reads, written by the backend into a scratch region of the tfjs
 * wasm heap before every call:
 * ```
 * f32 scalars[S]                         per-step scalars, in program.scalars order
 * i32 counter                            only with a guarded program: the heap byte offset of
 *                                        the skip counter (f32), or 0 for none
 * per binding: i32 count, i32 offset[T]  element count, then the heap byte offset of every
 *                                        tensor slot, in program.tensors order
 * ```
 */
export interface TableLayout {
  /** Bytes of the scalar block; the counter offset (guarded programs) follows it. */
  readonly scalarBytes: number;
  /** Bytes before the first descriptor: the scalars, and the counter offset of a guarded program. */
  readonly headerBytes: number;
  /** Bytes of one binding's descriptor. */
  readonly descriptorBytes: number;
  /** Byte offset of slot `slot`'s heap offset inside a descriptor. */
  slotOffset(slot: number): number;
}

type Shape = Pick<UpdateProgram, 'scalars' | 'tensors' | 'guard'>;

/** Bytes of the scalar block at the start of the table. */
export const scalarBytes = (program: Shape): number => 4 * program.scalars.length;

/** Bytes before the first descriptor (scalars, then a guarded program's counter offset). */
export const headerBytes = (program: Shape): number => scalarBytes(program) + (program.guard === undefined ? 0 : 4);

/** Bytes of one binding's descriptor. */
export const descriptorBytes = (program: Shape): number => 4 * (1 + program.tensors.length);

/** Total bytes of a table for `bindings` bindings. */
export const tableBytes = (program: Shape, bindings: number): number =>
  headerBytes(program) + bindings * descriptorBytes(program);

/** The layout of `program`'s table. */
export function tableLayout(program: Shape): TableLayout {
  return {
    scalarBytes: scalarBytes(program),
    headerBytes: headerBytes(program),
    descriptorBytes: descriptorBytes(program),
    slotOffset: (slot) => 4 + 4 * slot,
  };
}
