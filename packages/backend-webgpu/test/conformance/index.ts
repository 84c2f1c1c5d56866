import { algorithmChecks } from './cases-algorithms.js';
import { exactChecks } from './cases-exact.js';
import { gdmChecks } from './cases-gdm.js';
import { irChecks } from './cases-ir.js';
import { memoryChecks } from './cases-memory.js';
import { pipelineChecks } from './cases-pipeline.js';
import { runtimeChecks } from './cases-runtime.js';
import type { Check } from './harness.js';

export type { Check, ConformanceContext } from './harness.js';

/** Every conformance check, in the order both runners (Node/Dawn and Chromium) run them. */
export const conformanceChecks: readonly Check[] = [
  ...exactChecks,
  ...pipelineChecks,
  ...gdmChecks,
  ...algorithmChecks,
  ...irChecks,
  ...memoryChecks,
  ...runtimeChecks,
];
