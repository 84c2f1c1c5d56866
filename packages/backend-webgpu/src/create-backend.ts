import {
  type Backend,
  BackendError,
  checkBatchSize,
  describeValue,
  InvalidOptionError,
  isDescentError,
  OptionReader,
  readOwnFields,
  thrownMessage,
} from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { asTfjsWebGPU } from './tfjs-webgpu.js';
import { WebGPUUpdateBackend } from './webgpu-backend.js';

/** The part of a WebGPU `GPU` object (`navigator.gpu`) this package calls. */
export interface GpuLike {
  /** `GPU.requestAdapter()`: resolves to a `GPUAdapter`, or null when there is none. */
  requestAdapter(options?: object): Promise<unknown>;
}

/** Options of {@link createBackend}. */
export interface WebGPUBackendOptions {
  /** neon's `be.bsz`: gradients are divided by it (default 1). */
  readonly batchSize?: number;
  /**
   * The WebGPU entry point; default `globalThis.navigator.gpu`. In Node pass
   * `create([...])` from the `webgpu` package (Dawn); it is then also installed as
   * `navigator.gpu`, where tfjs-backend-webgpu looks for it.
   */
  readonly gpu?: GpuLike;
  /**
   * Options for `gpu.requestAdapter()`. Default `{ powerPreference: 'high-performance' }`
   * (as tfjs), retried with `{ featureLevel: 'compatibility' }` when that finds no adapter
   * (Dawn on OpenGL ES only offers a compatibility adapter).
   */
  readonly adapterOptions?: Record<string, unknown>;
  /** Threads per workgroup of the update kernels: a power of two, default 256 (or the device's maximum). */
  readonly workgroupSize?: number;
}

const KNOWN = ['batchSize', 'gpu', 'adapterOptions', 'workgroupSize'];
const GLOBALS = ['GPUBuffer', 'GPUBufferUsage', 'GPUMapMode', 'GPUTexture', 'GPUShaderStage'];

/** The options, read once into a snapshot (hostile getters and Proxies become typed errors). */
function readOptions(options: unknown): WebGPUBackendOptions {
  const reader = new OptionReader('createBackend', options, KNOWN);
  const batchSize = checkBatchSize(reader.raw('batchSize') ?? 1);
  const wg = reader.raw('workgroupSize');
  if (wg !== undefined && !(typeof wg === 'number' && Number.isInteger(wg) && wg >= 2 && wg <= 1024 && (wg & (wg - 1)) === 0)) {
    reader.fail('workgroupSize', 'a power of two in [2, 1024]');
  }
  const adapter = reader.raw('adapterOptions');
  let adapterOptions: Record<string, unknown> | undefined;
  if (adapter !== undefined) {
    try {
      adapterOptions = { ...readOwnFields('createBackend option "adapterOptions"', adapter) };
    } catch (error) {
      throw new InvalidOptionError('adapterOptions', (error as Error).message, { cause: error });
    }
  }
  return { batchSize, gpu: reader.raw('gpu') as GpuLike | undefined, adapterOptions, workgroupSize: wg as number | undefined };
}

/** Runs `step`; anything but a typed error it throws becomes a `BackendError` saying `what` failed. */
async function guarded<T>(what: string, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isDescentError(error)) throw error;
    throw new BackendError(`${what} failed: ${thrownMessage(error)}`, { cause: error });
  }
}

/** Whether `gpu` has a requestAdapter method; a getter or Proxy trap that throws is a typed error. */
function hasRequestAdapter(gpu: unknown): gpu is GpuLike {
  try {
    return typeof gpu === 'object' && gpu !== null && typeof (gpu as GpuLike).requestAdapter === 'function';
  } catch (error) {
    throw new InvalidOptionError('gpu', `createBackend: could not read option "gpu": ${thrownMessage(error)}`, { cause: error });
  }
}

function findGpu(options: WebGPUBackendOptions): GpuLike {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  const given = options.gpu;
  if (given !== undefined && !hasRequestAdapter(given)) {
    throw new InvalidOptionError('gpu', `createBackend: option "gpu" must be a WebGPU GPU object (with requestAdapter), got ${describeValue(given)}`);
  }
  const gpu = given ?? nav?.gpu;
  if (!gpu || !hasRequestAdapter(gpu)) {
    throw new BackendError(
      'WebGPU is unavailable: navigator.gpu is undefined. In a browser, use one with WebGPU enabled ' +
        '(Chrome/Edge 113+, or Chromium with --enable-unsafe-webgpu); in Node, pass { gpu: create([...]) } ' +
        "from the 'webgpu' package after Object.assign(globalThis, globals)",
    );
  }
  const missing = GLOBALS.filter((name) => !(name in globalThis));
  if (missing.length > 0) {
    throw new BackendError(
      `WebGPU globals ${missing.join(', ')} are not defined; tfjs-backend-webgpu needs them. ` +
        "In Node: import { globals } from 'webgpu'; Object.assign(globalThis, globals)",
    );
  }
  if (nav?.gpu !== gpu) {
    // tfjs-backend-webgpu checks navigator.gpu on import and in its backend's constructor.
    if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    else (globalThis as { navigator?: unknown }).navigator = { gpu };
  }
  return gpu;
}

async function requestDevice(gpu: GpuLike, options: WebGPUBackendOptions): Promise<{ device: GPUDevice; info: unknown }> {
  const attempts = options.adapterOptions ? [options.adapterOptions] : [{ powerPreference: 'high-performance' }, { featureLevel: 'compatibility' }];
  let adapter: GPUAdapter | null = null;
  for (const attempt of attempts) {
    adapter = (await guarded('WebGPU requestAdapter()', () => gpu.requestAdapter(attempt))) as GPUAdapter | null;
    if (adapter) break;
  }
  if (!adapter) {
    throw new BackendError(
      `WebGPU is unavailable: requestAdapter() found no adapter (tried ${attempts.map((a) => JSON.stringify(a)).join(' and ')}); ` +
        (typeof process === 'object' && process.versions?.node
          ? 'with Dawn on headless Linux (Mesa), set EGL_PLATFORM=surfaceless'
          : 'the browser blocks or lacks WebGPU here (Chromium on Linux: --enable-unsafe-webgpu)'),
    );
  }
  if (typeof adapter !== 'object' || typeof adapter.requestDevice !== 'function' || typeof adapter.limits !== 'object' || adapter.limits === null) {
    throw new BackendError(`WebGPU requestAdapter() returned ${describeValue(adapter)}, not a GPUAdapter (with limits and requestDevice)`);
  }
  const l = adapter.limits;
  // What tfjs-backend-webgpu's own factory asks for, plus what our kernels bind.
  const requiredLimits: Record<string, number> = {
    maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
    maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
    maxBufferSize: l.maxBufferSize,
    maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
    maxComputeWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
    maxComputeWorkgroupSizeZ: l.maxComputeWorkgroupSizeZ,
    maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
  };
  try {
    const device = await adapter.requestDevice({ requiredLimits });
    return { device, info: adapter.info };
  } catch (cause) {
    throw new BackendError(`WebGPU adapter.requestDevice() failed: ${String(cause)}`, { cause });
  }
}

/**
 * The tfjs "webgpu" backend to update tensors on: the active one if tfjs already runs on
 * WebGPU, else one registered here on a device from `options`, made active and checked
 * (tfjs silently falls back to another backend when one fails to initialise).
 */
async function tfjsWebGPU(options: WebGPUBackendOptions): Promise<tf.KernelBackend> {
  if (tf.getBackend() === 'webgpu') {
    await tf.ready(); // tfjs's own factory may still be initialising
    if (tf.getBackend() === 'webgpu') return tf.backend();
  }
  const gpu = findGpu(options);
  let WebGPUBackend: new (device: GPUDevice, info?: unknown) => tf.KernelBackend;
  try {
    ({ WebGPUBackend } = (await import('@tensorflow/tfjs-backend-webgpu')) as never);
  } catch (cause) {
    throw new BackendError(`@descent/backend-webgpu needs the peer dependency @tensorflow/tfjs-backend-webgpu: ${String(cause)}`, { cause });
  }
  // tf.findBackend() would initialise a registered factory; look at the instances only.
  const instances = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  if (!instances.webgpu) {
    const { device, info } = await requestDevice(gpu, options);
    // Importing tfjs-backend-webgpu registered a factory that asks for a default adapter;
    // replace it with one that uses the device found above.
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', () => new WebGPUBackend(device, info), 3);
  }
  const previous = tf.getBackend();
  const switched = await tf.setBackend('webgpu');
  if (!switched || tf.getBackend() !== 'webgpu') {
    // tfjs keeps the name "webgpu" with no instance behind it: put tfjs back where it was.
    tf.removeBackend('webgpu');
    if (previous && previous !== 'webgpu') await tf.setBackend(previous);
    else await tf.ready();
    throw new BackendError(`tf.setBackend('webgpu') failed (tfjs stays on "${tf.getBackend()}"); see the console for tfjs's reason`);
  }
  return tf.backend();
}

/**
 * Creates the WebGPU backend: update programs compiled to WGSL and run in place on
 * tfjs-backend-webgpu's GPU buffers, one command buffer per `optimize()` call, no readback.
 * Makes "webgpu" the active tfjs backend.
 *
 * @example
 * ```ts
 * import { setBackend } from '@descent/core';
 * import { createBackend } from '@descent/backend-webgpu';
 * setBackend(await createBackend());
 * ```
 */
export async function createBackend(options: WebGPUBackendOptions = {}): Promise<Backend> {
  const read = readOptions(options);
  const tfjs = asTfjsWebGPU(await guarded('createBackend', () => tfjsWebGPU(read)));
  const limits = tfjs.device.limits;
  const maxGroup = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
  const workgroupSize = read.workgroupSize ?? 2 ** Math.floor(Math.log2(Math.min(256, maxGroup)));
  if (workgroupSize > maxGroup) {
    throw new InvalidOptionError('workgroupSize', `createBackend: option "workgroupSize" ${workgroupSize} exceeds this device's maximum ${maxGroup}`);
  }
  return new WebGPUUpdateBackend(tfjs, read.batchSize ?? 1, workgroupSize);
}
