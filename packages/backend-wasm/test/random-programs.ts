import { programSpec, type ProgramSpec } from '@descent/testing';
import type fc from 'fast-check';

// The random programs and values come from @descent/testing's backend kit (shared with the
// other backends); what is this backend's own is which shapes exercise its loops.
export {
  BINARY_OPS as BINARY,
  bindingData,
  buildProgram,
  f32Value,
  type ProgramSpec as DagSpec,
  UNARY_OPS as UNARY,
  type ValueKind,
} from '@descent/testing';

/** Shapes that hit every path of the kernel: 0-d, empty, SIMD tails of 1-3, one and two vectors per iteration, and long loops. */
export const SHAPES: readonly (readonly number[])[] = [[], [1], [3], [4], [5], [7], [8], [2, 3], [1023], [0]];

/** Random programs, with at least one reduction or none. */
export function dagSpec(withReductions: boolean): fc.Arbitrary<ProgramSpec> {
  return programSpec(withReductions ? 'some' : 'none');
}
