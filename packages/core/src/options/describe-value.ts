/**
 * A short description of any value for an error message, that never throws and never runs
 * user code: no `toString`, no getters, no Proxy traps (so a hostile value cannot turn a
 * typed rejection into a crash). Numbers keep their sign (`-0`), strings are quoted and cut.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      try {
        return Array.isArray(value) ? 'an array' : 'an object';
      } catch {
        return 'a revoked proxy'; // Array.isArray throws only on a revoked Proxy
      }
  }
}
