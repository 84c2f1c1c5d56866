import type { UpdateProgram } from '@descent/core';

/**
 * Where a program node is computed:
 * - `host`: uniform and free of reductions, so it depends only on per-step scalars and
 *   constants: computed in JavaScript (float32 rounding after each op), never a device op.
 * - `shared`: uniform but depends on a reduction (a sum of squares for the norm-clip scale, an
 *   all-finite flag for skipNonFinite): a 0-d tensor, computed once per call on the device
 *   (no readback).
 * - `element`: depends on tensor elements: computed per binding on the device.
 */
export type NodeRole = 'host' | 'shared' | 'element';

/** The role of every node of `program`, in node order. */
export function nodeRoles(program: UpdateProgram): readonly NodeRole[] {
  const roles: NodeRole[] = [];
  for (const node of program.nodes) {
    if (!node.uniform) {
      roles.push('element');
    } else if (node.op === 'sumOfSquares' || node.op === 'allFinite') {
      roles.push('shared');
    } else if (node.op === 'scalar' || node.op === 'const') {
      roles.push('host');
    } else {
      roles.push(node.args.some((a) => roles[a] === 'shared') ? 'shared' : 'host');
    }
  }
  return roles;
}
