function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)|Failed to (load|resolve)/.test(String(error));
}

/**
 * Finds the file Node would load for `import(name)` from a file in `from`: looks for
 * `node_modules/<name>` upwards, then takes `exports["."]` (import / node / default) or `main`.
 * Node's modules are imported lazily so that the kit also loads in a browser.
 */
async function resolveFrom(name: string, from: string): Promise<string | undefined> {
  const { existsSync, readFileSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  for (let dir = from; ; dir = dirname(dir)) {
    const packageDir = join(dir, 'node_modules', name);
    if (existsSync(join(packageDir, 'package.json'))) {
      const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports?: unknown; main?: string };
      let entry: unknown = manifest.exports;
      if (entry && typeof entry === 'object' && '.' in entry) entry = (entry as Record<string, unknown>)['.'];
      while (entry && typeof entry === 'object') {
        const conditions = entry as Record<string, unknown>;
        entry = conditions.import ?? conditions.node ?? conditions.default;
      }
      return join(packageDir, typeof entry === 'string' ? entry : (manifest.main ?? 'index.js'));
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Imports an optional peer dependency of the kit. Tried first from the kit itself (a normal
 * install links peers there), then from the test project (`process.cwd()`, the package whose
 * tests are running), so that a workspace linking `@descent/testing` still finds the backends
 * its tests installed. Throws an Error saying where it looked when neither has it.
 */
export async function importOptional(name: string): Promise<unknown> {
  try {
    return await import(/* @vite-ignore */ name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const cwd = typeof process === 'object' ? process.cwd?.() : undefined;
    const file = cwd ? await resolveFrom(name, cwd) : undefined;
    if (!file) {
      throw new Error(`${name} is not installed (looked next to @descent/testing${cwd ? ` and from ${cwd}` : ''})`, { cause: error });
    }
    const { pathToFileURL } = await import('node:url');
    return import(/* @vite-ignore */ pathToFileURL(file).href);
  }
}
