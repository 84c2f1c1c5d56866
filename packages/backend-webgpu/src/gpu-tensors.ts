import { BackendError } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TfjsTensorData, TfjsWebGPUBackend } from './tfjs-webgpu.js';

// GPUBufferUsage.STORAGE | COPY_SRC | COPY_DST, what tfjs-backend-webgpu gives every tensor.
const TENSOR_USAGE = 0x0080 | 0x0004 | 0x0008;

/**
 * Finds, and where needed prepares, the GPU buffers of tensors that live on tfjs's webgpu
 * backend, without reading anything back and without tfjs recording commands.
 */
export class GpuTensors {
  constructor(private readonly tfjs: TfjsWebGPUBackend) {}

  /** Throws unless `tensor`'s data belongs to our tfjs webgpu backend (checked before any write). */
  checkOwner(tensor: tf.Tensor, label: string): void {
    const info = tf.engine().state.tensorInfo.get(tensor.dataId) as { backend?: unknown } | undefined;
    if (!info || info.backend !== this.tfjs || !this.tfjs.tensorMap.has(tensor.dataId)) {
      throw new BackendError(
        `${label} does not live on the tfjs "webgpu" backend this Descent backend runs on; ` +
          'create tensors after `setBackend(await createBackend())` (which makes "webgpu" the active tfjs backend)',
      );
    }
  }

  /**
   * The GPU buffer holding `tensor`. Data still on the CPU (a tensor made from values) is
   * uploaded with `queue.writeBuffer`, as tfjs's own `uploadToGPU` would but without
   * recording into tfjs's command encoder. `writable`: the caller will overwrite the buffer,
   * so tfjs's CPU copy of the values (kept after a read) is dropped as stale.
   */
  buffer(tensor: tf.Tensor, label: string, writable: boolean): GPUBuffer {
    const data = this.data(tensor, label);
    if (data.resource == null) {
      const bytes = tensor.size * 4;
      const buffer = this.tfjs.bufferManager.acquireBuffer(bytes, TENSOR_USAGE);
      if (data.values) {
        const values = data.values instanceof Float32Array ? data.values : Float32Array.from(data.values);
        this.tfjs.queue.writeBuffer(buffer, 0, values.buffer, values.byteOffset, bytes);
      }
      data.resource = buffer;
    }
    if (!(data.resource instanceof GPUBuffer)) {
      throw new BackendError(`${label} is held in a GPU texture, not a buffer; it cannot be updated in place`);
    }
    if (writable) data.values = null;
    return data.resource;
  }

  /** True when `tensor`'s data id is shared with another tensor (e.g. `tf.variable(init)`). */
  isShared(tensor: tf.Tensor): boolean {
    return this.tfjs.refCount(tensor.dataId) > 1;
  }

  /**
   * Copy-on-write: gives `variable` a buffer of its own holding its current values (the copy
   * is recorded into `encoder`), so that writing it in place cannot change the tensor it
   * shared its data with. Done once: the variable keeps the new data id.
   */
  makeOwn(variable: tf.Variable, label: string, encoder: GPUCommandEncoder): GPUBuffer {
    const source = this.buffer(variable, label, false);
    const bytes = variable.size * 4;
    const info = this.tfjs.makeTensorInfo(variable.shape.slice(), 'float32');
    const target = this.tfjs.bufferManager.acquireBuffer(bytes, TENSOR_USAGE);
    this.data(info as unknown as tf.Tensor, label).resource = target;
    encoder.copyBufferToBuffer(source, 0, target, 0, bytes);
    const copy = tf.engine().makeTensorFromTensorInfo(info, this.tfjs as never);
    variable.assign(copy);
    copy.dispose();
    return target;
  }

  private data(tensor: { dataId: object }, label: string): TfjsTensorData {
    const data = this.tfjs.tensorMap.get(tensor.dataId);
    if (!data) throw new BackendError(`${label} has no data on the tfjs "webgpu" backend`);
    return data;
  }
}
