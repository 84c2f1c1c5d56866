import { BackendError, type UpdateProgram, type UpdateRequest } from '@descent/core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { RecordLookup, WasmTensorData } from './tfjs-wasm.js';

/** Where a request's descriptors go: the heap's int32 view and the word index of the first one. */
export interface TableTarget {
  readonly i32: Int32Array;
  readonly at: number;
}

/** What {@link CallWriter.write} found: whether an output's data is shared (copy it before writing). */
export interface WrittenCall {
  readonly sharedOutput: boolean;
}

function isVariable(tensor: Tensor): tensor is Variable {
  return typeof (tensor as Variable).assign === 'function';
}

/** What a {@link CallWriter} needs to know of the heap's events (a `HeapWatch`). */
export interface HeapEvents {
  readonly forcedFrees: number;
  readonly shares: number;
  watch(dataId: object): void;
}

/**
 * Checks every tensor of an update request and writes its call-table descriptors (element
 * count, then each slot's heap offset) in the same pass, so a step touches each tensor once.
 * The table is scratch memory: a request that fails halfway leaves nothing but table bytes
 * written. Nothing is written to a tensor here.
 *
 * What is remembered per slot is the tensor, its data id, its record in tfjs' data map and its
 * heap offset, as of the last call that checked them. A tensor met at the same place, not
 * disposed, with the same data id, keeps its record and offset as long as tfjs-wasm forced no
 * free since (see `HeapWatch`: a tensor's own reference keeps its data otherwise), so it is
 * neither looked up nor checked again: dtype, size and Variable-ness never change. Written
 * slots are also watched for new references to their data (which must be copied before an
 * in-place write): while none was taken, their reference counts are not read again. A
 * training loop therefore looks up only its new grads, and touches no tfjs record of its
 * params and states. After a forced free every tensor is looked up again, and a tensor whose
 * record changed is checked in full.
 */
export class CallWriter {
  #tensors: (Tensor | undefined)[] = [];
  #dataIds: (object | undefined)[] = [];
  #records: (WasmTensorData | undefined)[] = [];
  #offsets: number[] = [];
  /** The heap events' counts when every remembered slot was last confirmed; -1: never. */
  #freesAt = -1;
  #sharesAt = -1;
  /** Each binding's param (slot 0): tfjs-wasm id, heap offset and size, for cache invalidation. */
  readonly paramIds: number[] = [];
  readonly paramOffsets: number[] = [];
  readonly paramSizes: number[] = [];

  /** Throws a `BackendError` naming the tensor when the request cannot run in place here. */
  write(
    lookup: RecordLookup,
    events: HeapEvents,
    program: UpdateProgram,
    bindings: UpdateRequest['bindings'],
    table: TableTarget,
  ): WrittenCall {
    const slots = program.tensors.length;
    const written = writtenSlots(program);
    const tensorsSeen = this.#tensors;
    const dataIdsSeen = this.#dataIds;
    const recordsSeen = this.#records;
    const offsets = this.#offsets;
    const forcedFrees = events.forcedFrees;
    const shares = events.shares;
    const remembered = forcedFrees === this.#freesAt;
    // Records remembered before a forced free are not trusted again, even for slots past
    // this call's end that a longer call would reach.
    if (!remembered) this.forget();
    const unshared = remembered && shares === this.#sharesAt;
    const i32 = table.i32;
    let at = table.at;
    let sharedOutput = false;
    for (let b = 0; b < bindings.length; b++) {
      const tensors = bindings[b]!;
      if (tensors.length !== slots) {
        throw new BackendError(`@descent/backend-wasm: binding ${b} has ${tensors.length} tensors, expected ${slots}`);
      }
      const size = tensors[0]!.size;
      i32[at++] = size;
      for (let k = 0; k < slots; k++) {
        const tensor = tensors[k]!;
        const i = b * slots + k;
        if (remembered && tensor === tensorsSeen[i] && tensor.dataId === dataIdsSeen[i] && !tensor.isDisposed && tensor.size === size) {
          if (written[k] === 1 && !unshared && recordsSeen[i]!.refCount > 1) sharedOutput = true;
        } else {
          // Not dataIdMap.get, which would move the data of another backend's tensor here.
          const record = tensor.isDisposed ? undefined : lookup(tensor.dataId);
          if (record === undefined || tensor !== tensorsSeen[i] || record !== recordsSeen[i] || tensor.size !== size) {
            checkTensor(program, written, bindings, b, k, record, size);
            tensorsSeen[i] = tensor;
            recordsSeen[i] = record;
          }
          dataIdsSeen[i] = tensor.dataId;
          offsets[i] = record!.memoryOffset;
          if (written[k] === 1) {
            events.watch(tensor.dataId);
            if (record!.refCount > 1) sharedOutput = true;
          }
          if (k === 0) this.paramIds[b] = record!.id ?? -1;
        }
        i32[at++] = offsets[i]!;
      }
      this.paramOffsets[b] = offsets[b * slots]!;
      this.paramSizes[b] = size;
    }
    // Every remembered slot was confirmed at these counts (this call's, and any past its end
    // from earlier calls since the last forced free).
    this.#freesAt = forcedFrees;
    this.#sharesAt = shares;
    return { sharedOutput };
  }

  /** Forgets every remembered tensor (after copies on write moved data, or on rebinding). */
  forget(): void {
    this.#tensors.length = 0;
    this.#dataIds.length = 0;
    this.#records.length = 0;
    this.#offsets.length = 0;
    this.#freesAt = -1;
    this.#sharesAt = -1;
    this.paramIds.length = 0;
    this.paramOffsets.length = 0;
    this.paramSizes.length = 0;
  }
}

const writtenByProgram = new WeakMap<UpdateProgram, Uint8Array>();

/** Per slot of `program`: 1 when the update writes it in place. */
export function writtenSlots(program: UpdateProgram): Uint8Array {
  let mask = writtenByProgram.get(program);
  if (mask === undefined) {
    mask = new Uint8Array(program.tensors.length);
    for (const output of program.outputs) mask[output.slot] = 1;
    writtenByProgram.set(program, mask);
  }
  return mask;
}

function checkTensor(
  program: UpdateProgram,
  written: Uint8Array,
  bindings: UpdateRequest['bindings'],
  b: number,
  k: number,
  record: WasmTensorData | undefined,
  size: number,
): void {
  const tensor = bindings[b]![k]!;
  if (record === undefined) {
    throw new BackendError(
      `@descent/backend-wasm: ${slotLabel(program, bindings, b, k)} ${tensor.isDisposed ? 'is disposed' : 'does not live in the tfjs "wasm" backend'}` +
        (tensor.isDisposed ? '' : '; create it while tf.getBackend() is "wasm" (or copy it there with tf.clone under "wasm")'),
    );
  }
  if (record.dtype !== 'float32' || tensor.size !== size) {
    throw new BackendError(
      `@descent/backend-wasm: ${slotLabel(program, bindings, b, k)} must be float32 with ${size} elements, ` +
        `got ${record.dtype} with ${tensor.size}`,
    );
  }
  if (written[k] === 1 && !isVariable(tensor)) {
    throw new BackendError(`@descent/backend-wasm: ${slotLabel(program, bindings, b, k)} is written in place and must be a tf.Variable`);
  }
}

/** `param "w"`, or `velocity of param "w"`, for messages. */
export function slotLabel(program: UpdateProgram, bindings: UpdateRequest['bindings'], b: number, slot: number): string {
  const param = bindings[b]![0] as Tensor & { name?: string };
  const name = `param "${param?.name ?? `#${b}`}"`;
  return slot === 0 ? name : `${program.tensors[slot]} of ${name}`;
}
