import { pow2Round, type UpdateProgram } from '@descent/core';

/** float32's unit roundoff. */
const U = 2 ** -24;
/** WGSL allows 2.5 ULP for `/` and `sqrt` (as inverseSqrt's reciprocal); take 4 units. */
const LOOSE = 4 * U;
/** A sum of squares adds in a different order on the GPU: allow 256 units of the sum. */
const SUM_ORDER = 256 * U;

/**
 * A forward error bound of evaluating `program` in float32: for each output and element,
 * how far a correct float32 evaluation may be from the exact value of the expression on the
 * same float32 inputs (first-order, per node: |a|·e(b) + |b|·e(a) for a product, and so on;
 * a discontinuous op such as `sign` or `pow2Round` whose argument's error interval crosses
 * a jump gets the jump). Two correct evaluations (GPU and CPU) differ by at most twice this.
 * Returns one array per binding, outputs in `program.outputs` order, flattened.
 */
export function errorBounds(
  program: UpdateProgram,
  inputs: readonly (readonly Float32Array[])[],
  scalars: Float32Array,
): Float64Array[] {
  const sums = new Map<number, number>();
  for (const slot of program.reductions) {
    let s = 0;
    for (const binding of inputs) for (const x of binding[slot]!) s += x * x;
    sums.set(slot, s);
  }
  return inputs.map((binding) => {
    const size = binding[0]!.length;
    const out = new Float64Array(size * program.outputs.length);
    const v = new Float64Array(program.nodes.length);
    const e = new Float64Array(program.nodes.length);
    for (let i = 0; i < size; i++) {
      program.nodes.forEach((node, k) => {
        const [a = 0, b = 0] = 'args' in node ? node.args : [];
        const [va, ea, vb, eb] = [v[a]!, e[a]!, v[b]!, e[b]!];
        let value: number;
        let error = 0;
        switch (node.op) {
          case 'tensor': value = binding[node.slot]![i]!; break;
          case 'scalar': value = scalars[node.index]!; break;
          case 'const': value = node.value; break;
          case 'sumOfSquares': value = sums.get(node.slot)!; error = SUM_ORDER * value; break;
          case 'neg': value = -va; error = ea; break;
          case 'abs': value = Math.abs(va); error = ea; break;
          case 'sign': value = Math.sign(va); error = Math.abs(va) <= ea ? 2 : 0; break;
          case 'pow2Round': {
            value = pow2Round(va);
            const low = pow2Round(Math.max(Math.abs(va) - ea, 0));
            const high = pow2Round(Math.abs(va) + ea);
            error = low === high ? 0 : Math.abs(high);
            break;
          }
          case 'sqrt':
            value = Math.sqrt(va);
            // |sqrt(a + d) - sqrt(a)| <= min(sqrt(|d|), |d| / (2 sqrt(a - |d|))).
            error = (ea === 0 ? 0 : Math.min(Math.sqrt(ea), ea / (2 * Math.sqrt(Math.max(va - ea, 0))))) + LOOSE * value;
            break;
          case 'add': value = va + vb; error = ea + eb + U * Math.abs(value); break;
          case 'sub': value = va - vb; error = ea + eb + U * Math.abs(value); break;
          case 'mul': value = va * vb; error = Math.abs(va) * eb + Math.abs(vb) * ea + ea * eb + U * Math.abs(value); break;
          case 'div': {
            value = va / vb;
            const room = Math.abs(vb) - eb;
            error = room > 0 ? (ea + Math.abs(value) * eb) / room + LOOSE * Math.abs(value) : Infinity;
            break;
          }
          case 'max': value = Math.max(va, vb); error = Math.max(ea, eb); break;
          case 'min': value = Math.min(va, vb); error = Math.max(ea, eb); break;
        }
        if (Number.isNaN(error)) throw new Error(`error bound of node ${k} (${node.op}) is NaN`);
        v[k] = value;
        e[k] = error;
      });
      program.outputs.forEach((o, j) => {
        out[j * size + i] = e[o.node]!;
      });
    }
    return out;
  });
}
