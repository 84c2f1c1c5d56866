import type { UpdateProgram } from '@descent/core';

/**
 * The call table a kernel reads, written by the backend into a scratch region of the tfjs
 * wasm heap before every call:
 * ```
 * f32 scalars[S]                         per-step scalars, in program.scalars order
 * per binding: i32 count, i32 offset[T]  element count, then the heap byte offset of every
 *                                        tensor slot, in program.tensors order
 * ```
 */
export interface TableLayout {
  /** Bytes of the scalar block; descriptors start here. */
  readonly scalarBytes: number;
  /** Bytes of one binding's descriptor. */
  readonly descriptorBytes: number;
  /** Byte offset of slot `slot`'s heap offset inside a descriptor. */
  slotOffset(slot: number): number;
}

type Shape = Pick<UpdateProgram, 'scalars' | 'tensors'>;

/** Bytes of the scalar block at the start of the table. */
export const scalarBytes = (program: Shape): number => 4 * program.scalars.length;

/** Bytes of one binding's descriptor. */
export const descriptorBytes = (program: Shape): number => 4 * (1 + program.tensors.length);

/** Total bytes of a table for `bindings` bindings. */
export const tableBytes = (program: Shape, bindings: number): number =>
  scalarBytes(program) + bindings * descriptorBytes(program);

export function tableLayout(program: Shape): TableLayout {
  return {
    scalarBytes: scalarBytes(program),
    descriptorBytes: descriptorBytes(program),
    slotOffset: (slot) => 4 + 4 * slot,
  };
}
