import { BackendError } from '@descent/core';
import { addonBrokenMessage, addonMissingMessage } from '../messages.js';
import { type AddonPackage, CPU_PACKAGE, GPU_PACKAGE } from './requirements.js';

/**
 * Loads an addon package by name, for its side effect (it registers the `tensorflow` tfjs
 * backend) and returns the module. The default is a dynamic `import()`.
 */
export type AddonLoader = (name: AddonPackage) => Promise<unknown>;

/**
 * The default loader. The specifier is a variable on purpose: nothing resolves it before
 * `createBackend` runs, so importing this package never fails when the addon is absent.
 */
export const importAddon: AddonLoader = (name) => import(name);

/**
 * True when `error` says that `name` itself (not something it requires) is not installed:
 * Node's "Cannot find package '<name>'" (ESM) or "Cannot find module '<name>'" (CommonJS),
 * or Vite's "Could not resolve \"<name>\"" (vitest, vite-node), which carries no code.
 */
export function isMissingPackage(error: unknown, name: string): boolean {
  let code: unknown;
  let text: string;
  try {
    if (typeof error !== 'object' || error === null) return false;
    ({ code } = error as { code?: unknown });
    const { message } = error as { message?: unknown };
    text = typeof message === 'string' ? message : '';
  } catch {
    return false; // a Proxy or getter that throws is not Node's "cannot find" error
  }
  const quoted = name.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&');
  if (new RegExp(`^Could not resolve ['"]${quoted}['"]`).test(text)) return true;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return new RegExp(`^Cannot find (package|module) ['"]${quoted}['"]`).test(text);
}

type Attempt = { readonly loaded: true } | { readonly loaded: false; readonly error: unknown };

async function attempt(loader: AddonLoader, name: AddonPackage): Promise<Attempt> {
  try {
    await loader(name);
    return { loaded: true };
  } catch (error) {
    if (isMissingPackage(error, name)) return { loaded: false, error };
    // Installed but broken (no native binary, libtensorflow or a CUDA library not found...).
    throw new BackendError(addonBrokenMessage(name, error), { cause: error });
  }
}

/**
 * Loads `@tensorflow/tfjs-node-gpu`, or with `allowCpu` (only if the GPU package is not
 * installed) `@tensorflow/tfjs-node`. Returns the package that loaded; throws a
 * `BackendError` saying what to install when none is installed.
 */
export async function loadAddon(loader: AddonLoader, allowCpu: boolean): Promise<AddonPackage> {
  const gpu = await attempt(loader, GPU_PACKAGE);
  if (gpu.loaded) return GPU_PACKAGE;
  if (!allowCpu) throw new BackendError(addonMissingMessage(false), { cause: gpu.error });
  const cpu = await attempt(loader, CPU_PACKAGE);
  if (cpu.loaded) return CPU_PACKAGE;
  throw new BackendError(addonMissingMessage(true), { cause: cpu.error });
}
