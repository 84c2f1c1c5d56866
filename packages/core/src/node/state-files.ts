import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
// The main entry by the package's own name: dist/node.js then shares its classes (StateError)
// and dist/node.d.ts its types. (tsconfig maps the name to src/index.ts for type checks.)
import { assertSpecificationVersion, type Layer, type Optimizer, readMaxBytes, StateError, type StateOptions } from '@descent/core';

/** Room for names, shapes and config beside the base64 data, in a file `loadState` accepts. */
export const STATE_FILE_METADATA_BYTES = 16 * 1024 * 1024;

async function syncDirectory(directory: string): Promise<void> {
  // Makes the rename durable on POSIX file systems; not possible everywhere (Windows).
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Best effort only.
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `optimizer.getStateAsync(layerList)` (the same document as `getState`) to `path` as JSON, atomically: the text goes to a
 * temporary file in the same directory, which is flushed to disk (fsync) and then renamed
 * over `path`. A crash leaves either the old file or the new one, never a torn one; on any
 * error the temporary file is removed and `path` is untouched. An optimizer built for another
 * contract version is refused with a `SpecificationVersionError`, before anything is written.
 */
export async function saveState(optimizer: Optimizer, path: string, layerList?: readonly Layer[]): Promise<void> {
  assertSpecificationVersion('saveState: "optimizer"', optimizer);
  // Read asynchronously first: tfjs-backend-webgpu (Dawn) cannot read synchronously in Node.
  const state = typeof optimizer.getStateAsync === 'function' ? await optimizer.getStateAsync(layerList) : optimizer.getState(layerList);
  let text: string;
  try {
    text = JSON.stringify(state);
  } catch (error) {
    throw new StateError('state', `the state is too large to serialise as one JSON string: ${(error as Error).message}`);
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Reads a file written by {@link saveState} and restores it with
 * `optimizer.setState(state, layerList, options)`: with `layerList` installed now, without
 * it at the next `optimize()` call. A file longer than the base64 text of `maxBytes` plus
 * 16 MiB of metadata, text that is not JSON, and every fault `setState` finds are
 * `StateError`s; the optimizer is unchanged then. An optimizer built for another contract
 * version is a `SpecificationVersionError`, before the file is read.
 */
export async function loadState(optimizer: Optimizer, path: string, layerList?: readonly Layer[], options?: StateOptions): Promise<void> {
  assertSpecificationVersion('loadState: "optimizer"', optimizer);
  const maxBytes = readMaxBytes(options);
  const limit = Math.ceil(maxBytes / 3) * 4 + STATE_FILE_METADATA_BYTES;
  const { size } = await stat(path);
  if (size > limit) throw new StateError('file', `${path} is ${size} bytes, over the ${limit} bytes a state of maxBytes ${maxBytes} can take`);
  const text = await readFile(path, 'utf8');
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (error) {
    throw new StateError('file', `${path} is not JSON: ${(error as Error).message}`);
  }
  optimizer.setState(state, layerList, options);
}
