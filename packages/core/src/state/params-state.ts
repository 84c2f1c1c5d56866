import * as tf from '@tensorflow/tfjs-core';
import { StateError } from '../errors.js';
import type { ParamEntry } from '../layer.js';
import type { StateTensors } from '../optimizer/state-tensors.js';
import { FORBIDDEN_KEYS, readArray, readDictionary, readObject } from './json-tree.js';
import { type ByteBudget, type DecodedTensor, decodeTensor, encodeTensor } from './saved-tensor.js';
import { type OptimizerDescription, type ParamsOptimizerState, type SavedParam, STATE_FORMAT, STATE_VERSION } from './state-format.js';
import { entryPath, fieldPath } from './state-path.js';

/** A validated, decoded per-parameter state, not yet installed. */
export interface ParsedParamsState {
  readonly counters: Readonly<Record<string, number>>;
  /** Per param name: its states, empty or one per state of the rule. */
  readonly params: ReadonlyMap<string, readonly DecodedTensor[]>;
  readonly bytes: number;
}

function paramName(entry: ParamEntry): string {
  return (entry.param as { name?: unknown }).name as string;
}

/** Entries by `param.name`; a name met twice, or one a document cannot hold, is a `StateError`. */
export function entriesByName(entries: readonly ParamEntry[], owner: string): Map<string, ParamEntry> {
  const byName = new Map<string, ParamEntry>();
  for (const entry of entries) {
    const name = paramName(entry);
    if (typeof name !== 'string') throw new StateError('params', `${owner}: a param has no name; state is keyed by param.name`);
    if (FORBIDDEN_KEYS.has(name)) {
      throw new StateError(entryPath('params', name), `${owner}: a param named "${name}" cannot be saved or restored (reserved key); rename the variable`);
    }
    if (byName.has(name) && byName.get(name) !== entry) {
      throw new StateError(entryPath('params', name), `${owner}: two params are named "${name}"; state is keyed by param.name, so names must be unique`);
    }
    byName.set(name, entry);
  }
  return byName;
}

/** Encodes the states of `entries` (unique names, validated by the caller) as a document. */
export function collectParamsState(
  optimizer: OptimizerDescription,
  counters: Readonly<Record<string, number>>,
  entries: ReadonlyMap<string, ParamEntry>,
): ParamsOptimizerState {
  const params: Record<string, SavedParam> = {};
  for (const [name, entry] of entries) {
    const path = entryPath('params', name);
    params[name] = { states: entry.states.map((state, k) => encodeTensor(state, fieldPath(fieldPath(path, 'states'), k))) };
  }
  return { format: STATE_FORMAT, version: STATE_VERSION, optimizer, counters: { ...counters }, params };
}

/**
 * Validates the `params` of a document whose header was checked, and decodes every tensor.
 * With `entries`, the names must be exactly theirs and every shape their param's.
 */
export function parseParams(
  value: unknown,
  stateCount: number,
  budget: ByteBudget,
  entries: ReadonlyMap<string, ParamEntry> | undefined,
): Map<string, readonly DecodedTensor[]> {
  const params = readDictionary(value, 'params');
  if (entries) checkNames(Object.keys(params), entries);
  const result = new Map<string, readonly DecodedTensor[]>();
  for (const name of Object.keys(params)) {
    const path = entryPath('params', name);
    const saved = readObject(params[name], path, ['states']);
    const statesPath = fieldPath(path, 'states');
    const states = readArray(saved.states, statesPath);
    if (states.length !== 0 && states.length !== stateCount) {
      throw new StateError(statesPath, `${statesPath} has ${states.length} tensors; this optimizer keeps ${stateCount} per param (or none yet)`);
    }
    const shape = entries?.get(name)?.param.shape;
    result.set(name, states.map((state, k) => decodeTensor(state, fieldPath(statesPath, k), shape, budget)));
  }
  return result;
}

/** The document's param names must be exactly the names of `entries`. */
export function checkNames(saved: readonly string[], entries: ReadonlyMap<string, ParamEntry>, where = 'these layers'): void {
  const savedSet = new Set(saved);
  for (const name of entries.keys()) {
    if (!savedSet.has(name)) throw new StateError(entryPath('params', name), `params["${name}"] is missing: the saved state has nothing for this param of ${where}`);
  }
  for (const name of saved) {
    if (!entries.has(name)) {
      throw new StateError(entryPath('params', name), `params["${name}"] names no param of ${where} (state is keyed by param.name)`);
    }
  }
}

/** Checks a parsed state (decoded without layers) against the params of a call. */
export function matchParams(parsed: ParsedParamsState, entries: ReadonlyMap<string, ParamEntry>): void {
  checkNames([...parsed.params.keys()], entries, 'this optimize() call, where the state set without layers is installed');
  for (const [name, states] of parsed.params) {
    const shape = entries.get(name)!.param.shape;
    states.forEach((state, k) => {
      if (state.shape.length !== shape.length || state.shape.some((d, i) => d !== shape[i])) {
        const at = fieldPath(fieldPath(entryPath('params', name), 'states'), k);
        throw new StateError(fieldPath(at, 'shape'), `${at}.shape is [${state.shape.join(',')}], but the param has shape [${shape.join(',')}]`);
      }
    });
  }
}

/**
 * Writes parsed states into entries (validated by the caller): assigned into existing
 * states, created (and owned by `owner`) where there are none yet; a param saved with no
 * states gets zeros in any states it has, as a fresh optimizer would.
 */
export function installParams(parsed: ParsedParamsState, entries: ReadonlyMap<string, ParamEntry>, owner: StateTensors): void {
  for (const [name, states] of parsed.params) {
    const entry = entries.get(name)!;
    tf.tidy(() => {
      if (states.length === 0) {
        for (const state of entry.states) state.assign(tf.zerosLike(state));
        return;
      }
      const values = states.map((s) => tf.tensor(s.values, [...s.shape], 'float32'));
      if (entry.states.length === states.length) {
        entry.states.forEach((state, k) => state.assign(values[k]!));
      } else {
        for (const value of values) owner.adopt(entry.states, tf.variable(value, false));
      }
    });
  }
}
