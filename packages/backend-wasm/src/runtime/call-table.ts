import { BackendError } from '@descent/core';
import type { WasmModuleLike } from './tfjs-wasm.js';

const MIN_BYTES = 256;

/**
 * The scratch region of the tfjs wasm heap that holds a kernel's call table. Allocated with
 * the tfjs module's own `_malloc` on first use and regrown (doubling) only when a call needs
 * more room, so steady-state steps allocate nothing. Typed views are rebuilt only when the
 * heap has grown (which detaches the old buffer).
 */
export class CallTable {
  #pointer = 0;
  #capacity = 0;
  #buffer: ArrayBufferLike | undefined;
  #f32 = new Float32Array(0);
  #i32 = new Int32Array(0);

  constructor(
    private readonly module: WasmModuleLike,
    private readonly memory: WebAssembly.Memory,
  ) {}

  /** Heap byte offset of a region of at least `bytes` bytes (4-byte aligned). */
  reserve(bytes: number): number {
    if (bytes > this.#capacity) {
      const capacity = Math.max(MIN_BYTES, this.#capacity * 2, bytes);
      const pointer = this.module._malloc(capacity) >>> 0;
      if (pointer === 0) {
        throw new BackendError(`@descent/backend-wasm: could not allocate ${capacity} bytes on the tfjs wasm heap`);
      }
      if (this.#pointer !== 0) this.module._free(this.#pointer);
      this.#pointer = pointer;
      this.#capacity = capacity;
    }
    return this.#pointer;
  }

  /** A float32 view of the whole heap. */
  get f32(): Float32Array {
    this.#refresh();
    return this.#f32;
  }

  /** An int32 view of the whole heap. */
  get i32(): Int32Array {
    this.#refresh();
    return this.#i32;
  }

  /** Returns the region to the tfjs heap. */
  free(): void {
    if (this.#pointer !== 0) this.module._free(this.#pointer);
    this.#pointer = 0;
    this.#capacity = 0;
  }

  #refresh(): void {
    const buffer = this.memory.buffer;
    if (buffer !== this.#buffer || this.#f32.length * 4 !== buffer.byteLength) {
      this.#buffer = buffer;
      this.#f32 = new Float32Array(buffer);
      this.#i32 = new Int32Array(buffer);
    }
  }
}
