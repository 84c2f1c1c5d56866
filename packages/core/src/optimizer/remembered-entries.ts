import { StateError } from '../errors.js';
import type { ParamEntry } from '../layer.js';
import { entryPath } from '../state/state-path.js';

/**
 * The entries an optimizer has stepped, by `param.name` (the latest entry per name), so that
 * `getState()` without layers covers every param seen so far. A name met twice in one call is
 * ambiguous until a later call sees it once.
 */
export class RememberedEntries {
  private readonly byName = new Map<string, ParamEntry>();
  private readonly ambiguous = new Set<string>();

  /** Records the entries of one call. */
  remember(entries: readonly ParamEntry[]): void {
    const seen = new Set<string>();
    for (const entry of entries) {
      const name = (entry.param as { name?: unknown }).name;
      if (typeof name !== 'string') continue;
      if (seen.has(name)) {
        this.ambiguous.add(name);
        continue;
      }
      seen.add(name);
      this.ambiguous.delete(name);
      this.byName.set(name, entry);
    }
  }

  /** Every remembered entry, in order of first appearance. */
  entries(owner: string): ParamEntry[] {
    const [name] = this.ambiguous;
    if (name !== undefined) {
      throw new StateError(
        entryPath('params', name),
        `${owner}: two params named "${name}" were stepped in one call; state is keyed by param.name, so names must be unique`,
      );
    }
    return [...this.byName.values()];
  }

  /** Forgets everything. */
  clear(): void {
    this.byName.clear();
    this.ambiguous.clear();
  }
}
