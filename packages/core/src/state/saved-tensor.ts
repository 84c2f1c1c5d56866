import type * as tf from '@tensorflow/tfjs-core';
import { StateError } from '../errors.js';
import { base64Length, bytesToFloat32, decodeBase64, encodeBase64, float32ToBytes } from './base64.js';
import { readArray, readObject } from './json-tree.js';
import type { SavedTensor } from './state-format.js';
import { fieldPath } from './state-path.js';

/** The most dimensions a saved tensor may have. */
export const MAX_SAVED_RANK = 32;

/** A saved tensor, validated and decoded. */
export interface DecodedTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** The decoded bytes a document may still carry; shared by every tensor of one load. */
export interface ByteBudget {
  remaining: number;
}

function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return i;
  return -1;
}

/** Reads a float32 tensor's values (synchronously) and encodes them; non-finite values are refused. */
export function encodeTensor(tensor: tf.Tensor, path: string): SavedTensor {
  const values = tensor.dataSync() as Float32Array;
  const bad = firstNonFinite(values);
  if (bad >= 0) {
    throw new StateError(
      fieldPath(fieldPath(path, 'data'), bad),
      `${path} holds ${values[bad]} at element ${bad}: training has diverged, and such state cannot be saved`,
    );
  }
  return { shape: [...tensor.shape], dtype: 'float32', data: encodeBase64(float32ToBytes(values)) };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function readShape(value: unknown, path: string, budget: ByteBudget): number[] {
  const dims = readArray(value, path);
  if (dims.length > MAX_SAVED_RANK) throw new StateError(path, `${path} has ${dims.length} dimensions; at most ${MAX_SAVED_RANK} are allowed`);
  let size = 1;
  dims.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new StateError(fieldPath(path, i), `${fieldPath(path, i)} must be an integer >= 0, got ${JSON.stringify(d)}`);
    }
    size *= d;
  });
  if (size * 4 > budget.remaining) {
    throw new StateError(path, `${path} [${dims.join(',')}] needs ${size * 4} bytes, over the ${budget.remaining} bytes left of maxBytes`);
  }
  return dims as number[];
}

/**
 * Validates and decodes one saved tensor: shape (equal to `expectedShape` when given, and
 * within the byte budget), dtype float32, data canonical base64 of exactly 4 bytes per
 * element, every value finite. Throws a `StateError` naming the field; charges the budget.
 */
export function decodeTensor(value: unknown, path: string, expectedShape: readonly number[] | undefined, budget: ByteBudget): DecodedTensor {
  const saved = readObject(value, path, ['shape', 'dtype', 'data']);
  const shapePath = fieldPath(path, 'shape');
  const shape = readShape(saved.shape, shapePath, budget);
  if (expectedShape && !sameShape(shape, expectedShape)) {
    throw new StateError(shapePath, `${shapePath} is [${shape.join(',')}], but the param has shape [${expectedShape.join(',')}]`);
  }
  if (saved.dtype !== 'float32') {
    throw new StateError(fieldPath(path, 'dtype'), `${fieldPath(path, 'dtype')} must be "float32", got ${JSON.stringify(saved.dtype)}`);
  }
  const dataPath = fieldPath(path, 'data');
  const size = shape.reduce((n, d) => n * d, 1);
  if (typeof saved.data !== 'string') throw new StateError(dataPath, `${dataPath} must be a base64 string`);
  if (saved.data.length !== base64Length(size * 4)) {
    throw new StateError(
      dataPath,
      `${dataPath} has ${saved.data.length} base64 characters, but ${size} float32 values take ${base64Length(size * 4)}`,
    );
  }
  const bytes = decodeBase64(saved.data, size * 4);
  if (typeof bytes === 'string') throw new StateError(dataPath, `${dataPath} ${bytes}`);
  const values = bytesToFloat32(bytes);
  const bad = firstNonFinite(values);
  if (bad >= 0) throw new StateError(fieldPath(dataPath, bad), `${dataPath} holds ${values[bad]} at element ${bad}; saved state must be finite`);
  budget.remaining -= size * 4;
  return { shape, values };
}
