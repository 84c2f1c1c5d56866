/**
 * Node-only helpers of `@descent/core`: saving and loading optimizer state as files
 * (`import { saveState, loadState } from '@descent/core/node'`). The main entry stays
 * browser-safe; this one imports `node:fs`.
 * @packageDocumentation
 */
export { loadState, saveState, STATE_FILE_METADATA_BYTES } from './node/state-files.js';
