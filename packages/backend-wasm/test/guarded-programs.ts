// Guarded random programs (select, allFinite, guards) come from @descent/testing's backend kit.
export { buildGuardedProgram, guardedData, type GuardedSpec, guardedSpec } from '@descent/testing';
