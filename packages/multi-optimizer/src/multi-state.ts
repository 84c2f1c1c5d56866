import {
  checkJsonTree, entryPath, FORBIDDEN_KEYS, type GroupedOptimizerState, type Layer, nestStateError, type Optimizer,
  type OptimizerState, type PreparedState, readMaxBytes, readStateHeader, STATE_FORMAT, STATE_VERSION, StateError,
  type StateOptions,
} from '@descent/core';
import { checkGroupsDisjoint } from './check-disjoint.js';
import type { LayerGroup } from './route-layers.js';

const TYPE = 'MultiOptimizer';

/**
 * Each distinct optimizer of a mapping once, under the first key it appears under (skipping
 * keys a saved document cannot hold, such as `constructor`), in mapping order.
 */
export function stateKeys(optimizers: ReadonlyMap<string, Optimizer>): Map<string, Optimizer> {
  const keys = new Map<Optimizer, string>();
  for (const [key, optimizer] of optimizers) {
    if (!keys.has(optimizer) && !FORBIDDEN_KEYS.has(key)) keys.set(optimizer, key);
  }
  for (const [key, optimizer] of optimizers) {
    if (!keys.has(optimizer)) {
      throw new StateError(entryPath('groups', key), `${TYPE}: the optimizer mapped under "${key}" has no other key a saved state can use; map it under another name too`);
    }
  }
  return new Map([...keys].map(([optimizer, key]) => [key, optimizer]));
}

/** The layers each optimizer gets for `layerList`, or undefined without a layer list. */
function layersByOptimizer(groups: readonly LayerGroup[] | undefined): ((optimizer: Optimizer) => Layer[]) | undefined {
  if (!groups) return undefined;
  const byOptimizer = new Map(groups.map((g) => [g.optimizer, g.layers]));
  return (optimizer) => byOptimizer.get(optimizer) ?? [];
}

/** A MultiOptimizer's state: one document per distinct optimizer (see `stateKeys`). */
export function collectGroupsState(optimizers: ReadonlyMap<string, Optimizer>, routed: readonly LayerGroup[] | undefined): GroupedOptimizerState {
  const layersOf = layersByOptimizer(routed);
  const groups: Record<string, OptimizerState> = {};
  for (const [key, optimizer] of stateKeys(optimizers)) {
    try {
      // An optimizer built against a core without state support has no getState at all.
      if (typeof optimizer.getState !== 'function') throw new StateError('', `the optimizer mapped under "${key}" cannot save state`);
      groups[key] = optimizer.getState(layersOf?.(optimizer));
    } catch (error) {
      nestStateError(error, entryPath('groups', key));
    }
  }
  return { format: STATE_FORMAT, version: STATE_VERSION, optimizer: { type: TYPE }, groups };
}

/**
 * Validates a MultiOptimizer document: the header, exactly one group per distinct optimizer,
 * and every group with its optimizer's `prepareState` (against the layers routed to it, when
 * a layer list is given), all before anything is installed. `maxBytes` covers all groups.
 */
export function prepareGroupsState(
  optimizers: ReadonlyMap<string, Optimizer>,
  state: unknown,
  routed: readonly LayerGroup[] | undefined,
  options: StateOptions | undefined,
): PreparedState {
  let remaining = readMaxBytes(options);
  checkJsonTree(state);
  const document = readStateHeader(state, '', TYPE, 'groups');
  const groups = document.groups;
  if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) {
    throw new StateError('groups', 'groups must be an object keyed by mapping key');
  }
  const keyed = stateKeys(optimizers);
  for (const key of keyed.keys()) {
    if (!Object.prototype.hasOwnProperty.call(groups, key)) {
      throw new StateError(entryPath('groups', key), `groups["${key}"] is missing: the saved state has nothing for the optimizer mapped under "${key}"`);
    }
  }
  for (const key of Object.keys(groups)) {
    if (!keyed.has(key)) {
      throw new StateError(
        entryPath('groups', key),
        `groups["${key}"] names no optimizer of this mapping (groups are keyed by the first mapping key of each distinct optimizer: ${[...keyed.keys()].join(', ')})`,
      );
    }
  }
  if (routed) checkGroupsDisjoint(routed);
  const layersOf = layersByOptimizer(routed);
  const prepared: PreparedState[] = [];
  for (const [key, optimizer] of keyed) {
    try {
      if (typeof optimizer.prepareState !== 'function') throw new StateError('', `the optimizer mapped under "${key}" cannot restore state`);
      const part = optimizer.prepareState((groups as Record<string, unknown>)[key], layersOf?.(optimizer), { maxBytes: remaining });
      remaining -= part.bytes;
      prepared.push(part);
    } catch (error) {
      nestStateError(error, entryPath('groups', key));
    }
  }
  return {
    bytes: prepared.reduce((n, p) => n + p.bytes, 0),
    install: () => prepared.forEach((p) => p.install()),
  };
}
