import { UsageError } from '../cli/usage-error.js';

/**
 * Imports a package this app does not depend on (a backend being written elsewhere, or one
 * that only installs on some machines). A package that is not installed becomes a
 * {@link UsageError} naming it and saying what to install; other load errors pass through.
 */
export async function importOptional<T>(name: string, flag: string, hint: string): Promise<T> {
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(name);
    if (missing) throw new UsageError(`${flag}: ${name} is not installed. ${hint}`, { flag: flag.split(' ')[0], cause: error });
    throw error;
  }
}
