import { BackendError, type UpdateProgram } from '@descent/core';
import { BindGroupCache } from './bind-groups.js';
import { finiteShader } from './wgsl/finite-shader.js';
import { reduceShader } from './wgsl/reduce-shader.js';
import { skipCountShader } from './wgsl/skip-count-shader.js';
import { type BindingKind, updateShader } from './wgsl/update-shader.js';

/** A compiled compute pipeline with its explicit bind group layout. */
export interface Kernel {
  readonly label: string;
  readonly code: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly bindGroups: BindGroupCache;
  /** A validation error the device reported for this kernel (found asynchronously). */
  error?: string;
}

const COMPUTE = 0x4; // GPUShaderStage.COMPUTE

function layoutEntry(kind: BindingKind, binding: number): GPUBindGroupLayoutEntry {
  return { binding, visibility: COMPUTE, buffer: { type: kind } };
}

/**
 * Compiles kernels once and keeps them: update kernels by `program.key` (programs with the
 * same key are the same computation), reduction kernels by their number of inputs.
 */
export class KernelCache {
  private readonly updates = new Map<string, Kernel>();
  private readonly reductions = new Map<number, Kernel>();
  private readonly finiteChecks = new Map<number, Kernel>();
  private readonly skipCounts = new Map<string, Kernel>();
  private readonly maxStorage: number;

  constructor(private readonly device: GPUDevice, readonly workgroupSize: number) {
    this.maxStorage = device.limits.maxStorageBuffersPerShaderStage;
  }

  /** How many tensors one reduction dispatch reads (one storage binding is the sums). */
  get reduceInputs(): number {
    return Math.max(1, Math.min(this.maxStorage - 1, 8));
  }

  /** The update kernel of `program`, compiled on first use. */
  update(program: UpdateProgram): Kernel {
    let kernel = this.updates.get(program.key);
    if (!kernel) {
      const shader = updateShader(program, this.workgroupSize);
      kernel = this.compile(`descent update "${program.name}"`, shader.code, shader.bindings);
      this.updates.set(program.key, kernel);
    }
    return kernel;
  }

  /** The sum-of-squares kernel reading `inputs` tensors. */
  reduce(inputs: number): Kernel {
    let kernel = this.reductions.get(inputs);
    if (!kernel) {
      const shader = reduceShader(inputs, this.workgroupSize);
      kernel = this.compile(`descent sum of squares x${inputs}`, shader.code, shader.bindings);
      this.reductions.set(inputs, kernel);
    }
    return kernel;
  }

  /** The finite-check kernel reading `inputs` tensors. */
  finite(inputs: number): Kernel {
    let kernel = this.finiteChecks.get(inputs);
    if (!kernel) {
      const shader = finiteShader(inputs, this.workgroupSize);
      kernel = this.compile(`descent finite check x${inputs}`, shader.code, shader.bindings);
      this.finiteChecks.set(inputs, kernel);
    }
    return kernel;
  }

  /** The skip-count kernel of a guarded `program`. */
  skipCount(program: UpdateProgram): Kernel {
    let kernel = this.skipCounts.get(program.key);
    if (!kernel) {
      const shader = skipCountShader(program);
      kernel = this.compile(`descent skip count "${program.name}"`, shader.code, shader.bindings);
      this.skipCounts.set(program.key, kernel);
    }
    return kernel;
  }

  /** Forgets every kernel (pipelines are freed by the garbage collector). */
  clear(): void {
    this.updates.clear();
    this.reductions.clear();
    this.finiteChecks.clear();
    this.skipCounts.clear();
  }

  private compile(label: string, code: string, bindings: readonly BindingKind[]): Kernel {
    const storage = bindings.filter((b) => b !== 'uniform').length;
    if (storage > this.maxStorage) {
      throw new BackendError(
        `${label} needs ${storage} storage buffers in one shader, but this GPU device allows ` +
          `${this.maxStorage} (maxStorageBuffersPerShaderStage)`,
      );
    }
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ label, code });
    const layout = this.device.createBindGroupLayout({ label, entries: bindings.map(layoutEntry) });
    const pipeline = this.device.createComputePipeline({
      label,
      layout: this.device.createPipelineLayout({ label, bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    const kernel: Kernel = { label, code, pipeline, layout, bindGroups: new BindGroupCache() };
    void this.device.popErrorScope().then((error) => {
      if (error) kernel.error = error.message;
    });
    return kernel;
  }
}
