import { StateError } from '../errors.js';
import { own, readObject } from './json-tree.js';
import { fieldPath, showPath } from './state-path.js';
import { STATE_FORMAT, STATE_VERSION } from './state-format.js';

/**
 * Checks a document's header (`format`, `version`, `optimizer.type`; `optimizer.config`, if
 * any, must be an object) and that it has exactly the fields of its kind: `counters` and
 * `params` for per-parameter state, `groups` for composites. Returns the document.
 */
export function readStateHeader(state: unknown, path: string, type: string, body: 'params' | 'groups'): Record<string, unknown> {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw new StateError(path, `${showPath(path)} must be an optimizer-state object (from getState()), got ${state === null ? 'null' : typeof state}`);
  }
  const format = own(state, 'format');
  if (format !== STATE_FORMAT) {
    throw new StateError(fieldPath(path, 'format'), `${fieldPath(path, 'format')} must be "${STATE_FORMAT}", got ${JSON.stringify(format) ?? 'nothing'}`);
  }
  const version = own(state, 'version');
  if (version !== STATE_VERSION) {
    throw new StateError(
      fieldPath(path, 'version'),
      `${fieldPath(path, 'version')} is ${JSON.stringify(version) ?? 'missing'}; this @descent/core reads version ${STATE_VERSION}`,
    );
  }
  const fields = body === 'params' ? ['counters', 'params'] : ['groups'];
  const document = readObject(state, path, ['format', 'version', 'optimizer', ...fields]);
  const optimizerPath = fieldPath(path, 'optimizer');
  const optimizer = readObject(document.optimizer, optimizerPath, ['type'], ['config']);
  if (optimizer.type !== type) {
    throw new StateError(
      fieldPath(optimizerPath, 'type'),
      `${fieldPath(optimizerPath, 'type')} is ${JSON.stringify(optimizer.type)}, but this optimizer's type is "${type}"`,
    );
  }
  const config = own(optimizer, 'config');
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw new StateError(fieldPath(optimizerPath, 'config'), `${fieldPath(optimizerPath, 'config')} must be an object`);
  }
  return document;
}
