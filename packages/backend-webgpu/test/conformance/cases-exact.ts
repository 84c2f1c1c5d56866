import { compileProgram, Expr, type ExprNode, getBackend, pow2Round } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Check, check, readAll, variableOf } from './harness.js';

const bitsView = new DataView(new ArrayBuffer(4));
function fromBits(bits: number): number {
  bitsView.setUint32(0, bits >>> 0);
  return bitsView.getFloat32(0);
}
function toBits(value: number): number {
  bitsView.setFloat32(0, value);
  return bitsView.getUint32(0);
}
const hex = (value: number) => `0x${toBits(value).toString(16).padStart(8, '0')}`;

/** Runs `param_k = f(param_k)` once for each value on the webgpu backend and returns the results. */
async function runEach(output: (param: ExprNode) => ExprNode, inputs: readonly number[]): Promise<Float32Array> {
  await tf.setBackend('webgpu');
  const program = compileProgram({
    name: 'exact',
    tensors: ['param', 'grad'],
    readOnly: ['grad'],
    scalars: [],
    outputs: { param: Expr.of(output({ kind: 'tensor', name: 'param' })) },
  });
  const param = variableOf(Float32Array.from(inputs), [inputs.length]);
  const grad = tf.zeros([inputs.length]);
  try {
    getBackend().runUpdate({ program, bindings: [[param, grad]], scalars: new Float32Array(0) });
    return (await readAll([param]))[0]!;
  } finally {
    param.dispose();
    grad.dispose();
  }
}

const CONSTANTS = [0.1, -1 / 3, 3.4028234663852886e38, -1.1754943508222875e-38, 1.5 * 2 ** -126, 123456.789, -7.5e-20, 1, 2 ** 100, Infinity, -Infinity, NaN];
const SQRT2_BITS = 0x3fb504f3; // float32(sqrt 2); the first value that rounds up is 0x3fb504f4

export const exactChecks: Check[] = [
  {
    name: 'constants reach the GPU bit for bit (hex float literals; infinities and NaN from uniform bits)',
    async run() {
      for (const value of CONSTANTS) {
        const [got] = await runEach(() => ({ kind: 'const', value: Math.fround(value) }), [0]);
        const ok = Number.isNaN(value) ? Number.isNaN(got!) : toBits(got!) === toBits(value);
        check(ok, `constant ${value}: GPU wrote ${got} (${hex(got!)}), expected ${hex(value)}`);
      }
    },
  },
  {
    name: 'pow2Round on the GPU equals core\'s pow2Round bit for bit (around sqrt 2, signs, floor, extremes)',
    async run() {
      const inputs: number[] = [0, -0, 1, -1, 2, 0.75, 1.5, -3, 1e-30, -1e-25, 3e38, -3e38, 1e-38, -1e-40, 12345.678, -0.0001];
      for (const exponent of [-100, -60, -1, 0, 1, 20, 100, 126]) {
        for (const delta of [-2, -1, 0, 1, 2]) {
          const bits = ((exponent + 127) << 23) | ((SQRT2_BITS & 0x7fffff) + delta);
          inputs.push(fromBits(bits), -fromBits(bits));
        }
      }
      const got = await runEach((p) => ({ kind: 'unary', op: 'pow2Round', arg: p }), inputs);
      inputs.forEach((x, i) => {
        const expected = Math.fround(pow2Round(Math.fround(x)));
        check(toBits(got[i]!) === toBits(expected), `pow2Round(${x} = ${hex(x)}): GPU ${got[i]} (${hex(got[i]!)}), core ${expected} (${hex(expected)})`);
      });
    },
  },
];
