/** Field paths for `StateError.field`, e.g. `params["dense/kernel"].states[1].shape`. */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `path.key`, or `path["key"]` when `key` is not an identifier; `key` alone at the root. */
export function fieldPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** `path["name"]`: an entry of a dictionary keyed by names (params, groups). */
export function entryPath(path: string, name: string): string {
  return `${path}[${JSON.stringify(name)}]`;
}

/** A path as messages show it (`the document` for the root). */
export function showPath(path: string): string {
  return path === '' ? 'the document' : path;
}
