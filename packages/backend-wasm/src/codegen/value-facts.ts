import type { UpdateProgram } from '@descent/core';

/**
 * Per node of `program`: true when its value is never -0, for every input whatever (NaN,
 * ±Infinity, ±0, subnormals: states and scalars can be set to anything). A NaN counts as
 * "not -0". Rules, in round-to-nearest (the only mode wasm has):
 * - `abs` clears the sign; `pow2Round` maps ±0 to +0 (neon's sgn(0) * m);
 * - `a + b` is -0 only when both are -0, `a - b` only when a is -0 (and b is +0);
 * - `max(a, b)` is -0 only when both are, `min(a, b)` whenever either is (and the other >= 0);
 * - `sqrt(a)` is -0 exactly when a is; `select` is one of its two values;
 * - a constant unless it is -0; anything else (tensors, scalars, products, quotients,
 *   negations...) may be -0.
 * The element loop computes every node bit for bit as core's evaluator does (NaN payloads
 * aside), so these hold for the values it has in its locals too.
 */
export function neverNegativeZero(program: UpdateProgram): boolean[] {
  const facts: boolean[] = [];
  for (const node of program.nodes) {
    let fact = false;
    switch (node.op) {
      case 'const':
        fact = !Object.is(Math.fround(node.value), -0);
        break;
      case 'abs':
      case 'pow2Round':
        fact = true;
        break;
      case 'sqrt':
        fact = facts[node.args[0]]!;
        break;
      case 'add':
      case 'max':
        fact = facts[node.args[0]]! || facts[node.args[1]]!;
        break;
      case 'sub':
        fact = facts[node.args[0]]!;
        break;
      case 'min':
        fact = facts[node.args[0]]! && facts[node.args[1]]!;
        break;
      case 'select':
        fact = facts[node.args[1]]! && facts[node.args[2]]!;
        break;
      default:
        fact = false;
    }
    facts.push(fact);
  }
  return facts;
}
