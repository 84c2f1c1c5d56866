// GPUBufferUsage.UNIFORM | COPY_DST
const UNIFORM_USAGE = 0x0040 | 0x0008;

/**
 * The one uniform buffer of a backend, refilled at every step with a single
 * `queue.writeBuffer`: the per-step scalars and, at offsets aligned to the device's
 * `minUniformBufferOffsetAlignment`, each dispatch's own small block (element count, grid
 * stride, reduction items). It only grows; scalars never cause a recompile.
 */
export class UniformArena {
  private bytes = new ArrayBuffer(1024);
  private u32 = new Uint32Array(this.bytes);
  private f32 = new Float32Array(this.bytes);
  private used = 0;
  private gpu: GPUBuffer | null = null;
  private readonly align: number;

  constructor(private readonly device: GPUDevice) {
    this.align = device.limits.minUniformBufferOffsetAlignment;
  }

  /** Starts a new step's layout. */
  reset(): void {
    this.used = 0;
  }

  /** Reserves `size` bytes (a multiple of 16) at an aligned offset and zeroes them. */
  allocate(size: number): number {
    const offset = Math.ceil(this.used / this.align) * this.align;
    this.used = offset + size;
    if (this.used > this.bytes.byteLength) {
      const grown = new ArrayBuffer(Math.max(this.used, this.bytes.byteLength * 2));
      new Uint8Array(grown).set(new Uint8Array(this.bytes));
      this.bytes = grown;
      this.u32 = new Uint32Array(grown);
      this.f32 = new Float32Array(grown);
    }
    this.u32.fill(0, offset / 4, this.used / 4);
    return offset;
  }

  setU32(offset: number, index: number, value: number): void {
    this.u32[offset / 4 + index] = value;
  }

  setF32(offset: number, index: number, value: number): void {
    this.f32[offset / 4 + index] = value;
  }

  /** The GPU buffer, (re)created large enough for this step's layout. Call after allocating. */
  buffer(): GPUBuffer {
    if (!this.gpu || this.gpu.size < this.used) {
      this.gpu?.destroy();
      const size = Math.max(256, 2 ** Math.ceil(Math.log2(this.used)));
      this.gpu = this.device.createBuffer({ label: 'descent uniforms', size, usage: UNIFORM_USAGE });
    }
    return this.gpu;
  }

  /** Queues the upload of this step's data (ordered before the step's submit). */
  write(): void {
    this.device.queue.writeBuffer(this.buffer(), 0, this.bytes, 0, this.used);
  }

  destroy(): void {
    this.gpu?.destroy();
    this.gpu = null;
  }
}
