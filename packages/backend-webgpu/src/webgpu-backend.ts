import {
  type Backend,
  BackendError,
  checkBatchSize,
  SPECIFICATION_VERSION,
  type UpdateProgram,
  type UpdateRequest,
} from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { GpuTensors } from './gpu-tensors.js';
import { type Kernel, KernelCache } from './kernels.js';
import { encodeReductions, type ReductionInput } from './reductions.js';
import { flushTfjs, type TfjsWebGPUBackend } from './tfjs-webgpu.js';
import { UniformArena } from './uniforms.js';
import { SPECIAL_BITS } from './wgsl/literals.js';
import { scalarVec4Count } from './wgsl/update-shader.js';

// GPUBufferUsage.STORAGE | COPY_DST
const SUMS_USAGE = 0x0080 | 0x0008;

/** One parameter's work in a step: its element count and a buffer per program slot. */
interface BoundParam {
  readonly size: number;
  readonly buffers: GPUBuffer[];
}

function slotLabel(program: UpdateProgram, bindings: UpdateRequest['bindings'], b: number, slot: number): string {
  const param = bindings[b]![0] as { name?: string } | undefined;
  const name = param?.name ?? `#${b}`;
  const slotName = program.tensors[slot] ?? `slot ${slot}`;
  return slotName === 'param' ? `param "${name}"` : `${slotName} of param "${name}"`;
}

/** Runs update programs as WGSL kernels, in place, on tfjs-backend-webgpu's buffers. */
export class WebGPUUpdateBackend implements Backend {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly name = 'webgpu';
  readonly device: GPUDevice;
  private batch: number;
  private readonly kernels: KernelCache;
  private readonly uniforms: UniformArena;
  private readonly tensors: GpuTensors;
  private readonly scratch: Record<'sums' | 'flags', GPUBuffer | null> = { sums: null, flags: null };
  private lost: string | null = null;
  private disposed = false;

  constructor(private readonly tfjs: TfjsWebGPUBackend, batchSize: number, workgroupSize: number) {
    this.batch = checkBatchSize(batchSize);
    this.device = tfjs.device;
    this.kernels = new KernelCache(this.device, workgroupSize);
    this.uniforms = new UniformArena(this.device);
    this.tensors = new GpuTensors(tfjs);
    void this.device.lost.then((info) => {
      this.lost = info.message || String(info.reason);
    });
  }

  get batchSize(): number {
    return this.batch;
  }

  set batchSize(value: number) {
    this.batch = checkBatchSize(value);
  }

  /** Throws what `runUpdate` would throw for `request` (a tensor of another tfjs backend, too large...); writes nothing. */
  validate({ program, bindings, skipCounter }: UpdateRequest): void {
    this.checkUsable();
    if (program.guard !== undefined && skipCounter !== undefined) {
      this.tensors.checkOwner(skipCounter, 'the skip counter');
      if (skipCounter.dtype !== 'float32' || skipCounter.size !== 1) throw new BackendError('the skip counter must be a float32 Variable of one element');
    }
    const kernel = this.kernels.update(program);
    if (kernel.error) throw new BackendError(`${kernel.label} failed to compile: ${kernel.error}`);
    const maxBytes = this.device.limits.maxStorageBufferBindingSize;
    bindings.forEach((tensors, b) => {
      tensors.forEach((t, slot) => this.tensors.checkOwner(t, slotLabel(program, bindings, b, slot)));
      if (tensors[0]!.size * 4 > maxBytes) {
        throw new BackendError(`${slotLabel(program, bindings, b, 0)} has ${tensors[0]!.size} elements; this GPU binds at most ${maxBytes / 4}`);
      }
    });
  }

  runUpdate(request: UpdateRequest): void {
    const { program, bindings, scalars } = request;
    // Checks first: a failing call must not have written anything.
    this.validate(request);
    const kernel = this.kernels.update(program);
    const written = new Set(program.outputs.map((o) => o.slot));
    if (bindings.length === 0) return;

    flushTfjs(this.tfjs);
    const encoder = this.device.createCommandEncoder({ label: `descent ${program.name}` });
    const params: BoundParam[] = [];
    bindings.forEach((tensors, b) => {
      const size = tensors[0]!.size;
      if (size === 0) return;
      const buffers = tensors.map((t, slot) => {
        const label = slotLabel(program, bindings, b, slot);
        if (!written.has(slot)) return this.tensors.buffer(t, label, false);
        if (this.tensors.isShared(t)) return this.tensors.makeOwn(t as tf.Variable, label, encoder);
        return this.tensors.buffer(t, label, true);
      });
      params.push({ size, buffers });
    });
    if (params.length === 0) return;

    const wg = this.kernels.workgroupSize;
    const maxGroups = this.device.limits.maxComputeWorkgroupsPerDimension;
    this.uniforms.reset();
    const stepBytes = 16 + 16 * scalarVec4Count(program.scalars.length);
    const stepOffset = this.uniforms.allocate(stepBytes);
    SPECIAL_BITS.forEach((bits, i) => this.uniforms.setU32(stepOffset, i, bits));
    scalars.forEach((value, i) => this.uniforms.setF32(stepOffset, 4 + i, value));
    const spans = params.map(({ size }) => {
      const offset = this.uniforms.allocate(16);
      const groups = Math.min(Math.ceil(size / wg), maxGroups);
      this.uniforms.setU32(offset, 0, size);
      this.uniforms.setU32(offset, 1, groups * wg);
      return { offset, groups };
    });
    const inputsOf = (slots: readonly number[]): ReductionInput[] =>
      slots.flatMap((slot, target) => params.map((p) => ({ buffer: p.buffers[slot]!, size: p.size, target })));
    const reduction = this.plan('sums', inputsOf(program.reductions), (n) => this.kernels.reduce(n));
    const finite = this.plan('flags', inputsOf(program.finiteChecks), (n) => this.kernels.finite(n));
    const counter = program.guard !== undefined && request.skipCounter ? this.counterBuffer(request.skipCounter, encoder) : null;
    const uniformBuffer = this.uniforms.buffer();
    this.uniforms.write();

    if (reduction) encoder.clearBuffer(reduction.buffer);
    if (finite) encoder.clearBuffer(finite.buffer);
    const pass = encoder.beginComputePass({ label: `descent ${program.name}` });
    reduction?.encode(pass, uniformBuffer);
    finite?.encode(pass, uniformBuffer);
    const shared = [reduction, finite].flatMap((x) => (x ? [{ buffer: x.buffer, offset: 0, size: x.buffer.size }] : []));
    if (counter) {
      // One thread computes the guard and counts the skip, on the GPU.
      const counting = this.kernels.skipCount(program);
      const ranges = [{ buffer: uniformBuffer, offset: stepOffset, size: stepBytes }, ...shared, { buffer: counter, offset: 0, size: 4 }];
      pass.setPipeline(counting.pipeline);
      pass.setBindGroup(0, counting.bindGroups.get(this.device, counting.layout, ranges));
      pass.dispatchWorkgroups(1);
    }
    pass.setPipeline(kernel.pipeline);
    params.forEach((p, i) => {
      const ranges = p.buffers.map((buffer) => ({ buffer, offset: 0, size: p.size * 4 }));
      ranges.push({ buffer: uniformBuffer, offset: stepOffset, size: stepBytes });
      ranges.push({ buffer: uniformBuffer, offset: spans[i]!.offset, size: 16 });
      ranges.push(...shared);
      pass.setBindGroup(0, kernel.bindGroups.get(this.device, kernel.layout, ranges));
      pass.dispatchWorkgroups(spans[i]!.groups);
    });
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  dispose(): void {
    this.disposed = true;
    this.kernels.clear();
    this.uniforms.destroy();
    for (const kind of ['sums', 'flags'] as const) {
      this.scratch[kind]?.destroy();
      this.scratch[kind] = null;
    }
  }

  private checkUsable(): void {
    if (this.disposed) throw new BackendError('this @descent/backend-webgpu backend was disposed');
    if (this.lost !== null) throw new BackendError(`the WebGPU device was lost: ${this.lost}`);
    if (tf.backend() !== (this.tfjs as unknown)) {
      throw new BackendError(
        `the active tfjs backend is "${tf.getBackend()}", but this Descent backend updates tensors of tfjs's "webgpu" backend; call tf.setBackend('webgpu')`,
      );
    }
  }

  /** Plans the reduction dispatches of one kind into its scratch buffer (grown as needed); null without inputs. */
  private plan(kind: 'sums' | 'flags', inputs: ReductionInput[], kernelFor: (inputs: number) => Kernel) {
    if (inputs.length === 0) return null;
    const count = inputs.reduce((m, x) => Math.max(m, x.target + 1), 0);
    let buffer = this.scratch[kind];
    if (!buffer || buffer.size < count * 4) {
      buffer?.destroy();
      const label = kind === 'sums' ? 'descent sums of squares' : 'descent non-finite flags';
      buffer = this.scratch[kind] = this.device.createBuffer({ label, size: Math.max(16, count * 4), usage: SUMS_USAGE });
    }
    const encode = encodeReductions(this.device, this.kernels, this.uniforms, inputs, buffer, kernelFor);
    return { buffer, encode };
  }

  /** The skip counter's own GPU buffer (copied first if it shares its data), written in place. */
  private counterBuffer(counter: tf.Variable, encoder: GPUCommandEncoder): GPUBuffer {
    if (this.tensors.isShared(counter)) return this.tensors.makeOwn(counter, 'the skip counter', encoder);
    return this.tensors.buffer(counter, 'the skip counter', true);
  }
}
