import { getParamList, InvalidTensorError } from '@descent/core';
import type { LayerGroup } from './route-layers.js';

/**
 * Each group's optimizer checks its own group for a tensor written twice; this checks across
 * groups: a param (or state) reached through layers routed to two optimizers would be
 * updated twice in one call.
 */
export function checkGroupsDisjoint(groups: readonly LayerGroup[]): void {
  const owner = new Map<unknown, number>();
  groups.forEach((group, g) => {
    for (const entry of getParamList(group.layers)) {
      const states: readonly unknown[] = Array.isArray(entry.states) ? entry.states : [];
      for (const tensor of [entry.param, ...states]) {
        if (tensor === undefined || tensor === null) continue;
        const first = owner.get(tensor);
        if (first !== undefined && first !== g) {
          const name = (entry.param as { name?: string } | undefined)?.name ?? '?';
          throw new InvalidTensorError(
            `param "${name}"`,
            `MultiOptimizer: param "${name}" (or one of its states) is reached through layers routed to two ` +
              `different optimizers (groups ${first} and ${g}), so one call would update it twice`,
          );
        }
        owner.set(tensor, g);
      }
    }
  });
}
