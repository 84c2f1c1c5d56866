import { programSpec, type ProgramSpec } from '@descent/testing';
import type fc from 'fast-check';

// The random programs and values come from @descent/testing's backend kit (shared with the
// other backends); the shapes are this backend's own.
export { BINARY_OPS as BINARY, bindingData, buildProgram, f32Value, UNARY_OPS as UNARY, uniformChain } from '@descent/testing';
export type { ProgramSpec as DagSpec } from '@descent/testing';

/** Shapes: 0-d, one element, odd lengths, 2-D and empty. */
export const SHAPES: readonly (readonly number[])[] = [[], [1], [3], [5], [2, 3], [17], [0]];

/** Random programs, with reductions or not. */
export function dagSpec(): fc.Arbitrary<ProgramSpec> {
  return programSpec('any');
}
