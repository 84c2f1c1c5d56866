import type { Layer, ParamEntry } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Algorithm } from './algorithms.js';
import { instantiateReference } from './reference-kernel.js';
import type { Traffic } from './traffic.js';

/** What is timed. */
export type SetupKind = 'descent' | 'tfjs-wasm' | 'tfjs-cpu' | 'reference';

/** Display names of the setups, in table order. */
export const SETUP_LABELS: Readonly<Record<SetupKind, string>> = {
  descent: 'Descent (backend-wasm)',
  'tfjs-wasm': 'tf.train on tfjs-wasm',
  'tfjs-cpu': 'tf.train on tfjs-cpu',
  reference: 'memory-bound reference',
};

export const SETUP_KINDS: readonly SetupKind[] = ['descent', 'tfjs-wasm', 'tfjs-cpu', 'reference'];

/** One timed configuration: an optimizer step (or the reference loop) over N floats in `tensors` tensors. */
export interface Setup {
  readonly kind: SetupKind;
  readonly tensors: number;
  /** The tfjs backend that must be active while it steps. */
  readonly tfBackend: 'wasm' | 'cpu';
  /** One optimizer step over all its tensors. Synchronous: both tfjs backends compute eagerly. */
  step(): void;
  dispose(): void;
}

/** Makes `name` the active tfjs backend (no-op when it already is). */
export async function useTfBackend(name: 'wasm' | 'cpu'): Promise<void> {
  if (tf.getBackend() === name) return;
  if (!(await tf.setBackend(name)) || tf.getBackend() !== name) throw new Error(`could not activate the tfjs "${name}" backend`);
}

/** Parameters in `(0, 1]`-ish ranges, owned by their Variables (no shared data, so no copy-on-write). */
function makeParams(count: number, size: number): tf.Variable[] {
  return Array.from({ length: count }, () => tf.tidy(() => tf.variable(tf.randomUniform([size], -1, 1, 'float32'), true)));
}

function makeGrads(count: number, size: number): tf.Tensor[] {
  return Array.from({ length: count }, () => tf.randomUniform([size], -1, 1, 'float32'));
}

/** Descent's optimizer on `@descent/backend-wasm` (set as Descent's backend by the caller). */
async function descentSetup(algorithm: Algorithm, n: number, tensors: number): Promise<Setup> {
  await useTfBackend('wasm');
  const size = n / tensors;
  const params = makeParams(tensors, size);
  const grads = makeGrads(tensors, size);
  const entries: ParamEntry[] = params.map((param, i) => ({ param, grad: grads[i]!, states: [] }));
  const layers: Layer[] = [{ name: 'bench', getParams: () => entries }];
  const optimizer = algorithm.descent();
  return {
    kind: 'descent',
    tensors,
    tfBackend: 'wasm',
    step: () => optimizer.optimize(layers, 0),
    dispose: () => {
      optimizer.dispose();
      tf.dispose([...params, ...grads]);
    },
  };
}

/** The matching `tf.train` optimizer, through `applyGradients`, on tfjs backend `backend`. */
async function tfTrainSetup(algorithm: Algorithm, n: number, tensors: number, backend: 'wasm' | 'cpu'): Promise<Setup> {
  await useTfBackend(backend);
  const size = n / tensors;
  const params = makeParams(tensors, size);
  const grads = makeGrads(tensors, size);
  const gradients: tf.NamedTensorMap = {};
  params.forEach((p, i) => {
    gradients[p.name] = grads[i]!;
  });
  const optimizer = algorithm.tfTrain();
  return {
    kind: backend === 'wasm' ? 'tfjs-wasm' : 'tfjs-cpu',
    tensors,
    tfBackend: backend,
    step: () => optimizer.applyGradients(gradients),
    dispose: () => {
      optimizer.dispose();
      tf.dispose([...params, ...grads]);
    },
  };
}

/** The part of tfjs-backend-wasm this file reaches into (its types do not declare it). */
interface TfjsWasmInternals {
  wasm: { _malloc(bytes: number): number; _free(pointer: number): void; asm?: { memory?: unknown }; wasmMemory?: unknown };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
}

/** The reference loop (see reference-kernel.ts) over tensors of its own on the tfjs wasm heap. */
async function referenceSetup(traffic: Traffic, n: number, tensors: number): Promise<Setup> {
  await useTfBackend('wasm');
  const backend = tf.backend() as unknown as TfjsWasmInternals;
  const memory = [backend.wasm.asm?.memory, backend.wasm.wasmMemory].find((m) => m instanceof WebAssembly.Memory) as
    | WebAssembly.Memory
    | undefined;
  if (memory === undefined) throw new Error('reference: cannot find tfjs-backend-wasm\'s memory');
  const size = n / tensors;
  const slots = traffic.slots.length;
  const arrays = Array.from({ length: tensors }, () => makeGrads(slots, size));
  const run = instantiateReference(
    { slots, reads: traffic.reads, writes: traffic.writes, sharedMemory: memory.buffer instanceof SharedArrayBuffer },
    memory,
  );
  // The table (same layout as backend-wasm's descriptors): count, then one offset per slot.
  // Plain tensors are never reassigned, so their offsets are fixed: written once.
  const descriptorWords = 1 + slots;
  const table = backend.wasm._malloc(4 * descriptorWords * tensors);
  const words = new Int32Array(memory.buffer, table, descriptorWords * tensors);
  arrays.forEach((group, g) => {
    words[g * descriptorWords] = size;
    group.forEach((t, s) => {
      words[g * descriptorWords + 1 + s] = backend.dataIdMap.get(t.dataId)!.memoryOffset;
    });
  });
  checkReference(run, table, tensors, memory, traffic, arrays.map((group) => group.map((t) => backend.dataIdMap.get(t.dataId)!.memoryOffset)));
  return {
    kind: 'reference',
    tensors,
    tfBackend: 'wasm',
    step: () => run(table, tensors),
    dispose: () => {
      backend.wasm._free(table);
      tf.dispose(arrays.flat());
    },
  };
}

/**
 * Runs the reference once and checks that it did what it claims: every written slot now holds
 * the float32 average of the slots read (summed in `reads` order), at the first and last element
 * of every group. A wrong module would otherwise make a wrong bound silently.
 */
function checkReference(
  run: (table: number, count: number) => void,
  table: number,
  groups: number,
  memory: WebAssembly.Memory,
  traffic: Traffic,
  offsets: readonly (readonly number[])[],
): void {
  const size = new Int32Array(memory.buffer, table, 1)[0]!;
  const at = (slot: number, group: number, i: number) => new Float32Array(memory.buffer)[(offsets[group]![slot]! >>> 2) + i]!;
  const expected = (group: number, i: number) => {
    let sum = 0;
    traffic.reads.forEach((slot, k) => {
      sum = k === 0 ? at(slot, group, i) : Math.fround(sum + at(slot, group, i));
    });
    return Math.fround(sum * Math.fround(1 / traffic.reads.length));
  };
  const probes = [0, size - 1];
  const before = Array.from({ length: groups }, (_, g) => probes.map((i) => expected(g, i)));
  run(table, groups);
  for (let g = 0; g < groups; g++) {
    probes.forEach((i, p) => {
      for (const slot of traffic.writes) {
        if (!Object.is(at(slot, g, i), before[g]![p]!)) {
          throw new Error(`reference: group ${g}, slot ${traffic.slots[slot]}, element ${i}: ${at(slot, g, i)}, expected ${before[g]![p]}`);
        }
      }
    });
  }
}

/** Creates one setup; its tensors live in the tfjs backend it steps on. */
export function createSetup(kind: SetupKind, algorithm: Algorithm, traffic: Traffic, n: number, tensors: number): Promise<Setup> {
  switch (kind) {
    case 'descent':
      return descentSetup(algorithm, n, tensors);
    case 'tfjs-wasm':
      return tfTrainSetup(algorithm, n, tensors, 'wasm');
    case 'tfjs-cpu':
      return tfTrainSetup(algorithm, n, tensors, 'cpu');
    case 'reference':
      return referenceSetup(traffic, n, tensors);
  }
}
