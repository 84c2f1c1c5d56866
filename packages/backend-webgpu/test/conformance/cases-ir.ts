import { compileProgram, Expr, type ExprNode, getBackend, type UpdateProgram } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { errorBounds } from './error-bound.js';
import { type Check, expectClose, onReferenceAndWebGPU, readAll, seededValues, variableOf } from './harness.js';

const TENSORS = ['param', 'grad', 's0', 's1'] as const;
const f32 = Math.fround;

const tensorLeaf = fc.constantFrom(...TENSORS).map((name): ExprNode => ({ kind: 'tensor', name }));
const scalarLeaf = fc.constantFrom('a', 'b').map((name): ExprNode => ({ kind: 'scalar', name }));
// Subnormal constants are replaced by 0: GPUs may flush them, which is not what is tested here.
const constLeaf = fc
  .float({ min: -4, max: 4, noNaN: true })
  .map((v): ExprNode => ({ kind: 'const', value: Math.abs(v) < 1e-30 ? 0 : f32(v) }));
/** A leaf that both sides read bit for bit identically (the argument of a discontinuous op). */
const exactLeaf = fc.oneof(tensorLeaf, scalarLeaf, constLeaf);
/** neon's norm shape: sqrt(sum of squares over the call) / 16, about 1. */
const normLeaf = fc.constantFrom('param', 'grad', 's0').map(
  (name): ExprNode => ({
    kind: 'binary',
    op: 'div',
    lhs: { kind: 'unary', op: 'sqrt', arg: { kind: 'sumOfSquares', name } },
    rhs: { kind: 'const', value: 16 },
  }),
);

const unary = (op: 'neg' | 'abs' | 'sqrt' | 'sign' | 'pow2Round', arg: ExprNode): ExprNode => ({ kind: 'unary', op, arg });
const binary = (op: 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min', lhs: ExprNode, rhs: ExprNode): ExprNode => ({
  kind: 'binary', op, lhs, rhs,
});

/**
 * Random update expressions over every IR op. Domains are kept where float32 semantics are
 * defined the same everywhere: sqrt of |x|, division by |x| + 0.5, and `sign`/`pow2Round`
 * of leaves (their jumps would otherwise turn an allowed rounding difference into a 2x one).
 */
const { node } = fc.letrec<{ node: ExprNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.oneof(exactLeaf, normLeaf),
    fc.tuple(fc.constantFrom('neg', 'abs') as fc.Arbitrary<'neg' | 'abs'>, tie('node')).map(([op, a]) => unary(op, a)),
    tie('node').map((a) => unary('sqrt', unary('abs', a))),
    fc.tuple(fc.constantFrom('sign', 'pow2Round') as fc.Arbitrary<'sign' | 'pow2Round'>, exactLeaf).map(([op, a]) => unary(op, a)),
    fc
      .tuple(fc.constantFrom('add', 'sub', 'mul', 'max', 'min') as fc.Arbitrary<'add' | 'sub' | 'mul' | 'max' | 'min'>, tie('node'), tie('node'))
      .map(([op, a, b]) => binary(op, a, b)),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => binary('div', a, binary('add', unary('abs', b), { kind: 'const', value: 0.5 }))),
  ),
}));

const scalarValue = fc.float({ min: -2, max: 2, noNaN: true }).map((v) => (Math.abs(v) < 1e-30 ? 0 : v));

const SIZES = [1, 2, 7, 31, 64, 65, 300];

function program(outputs: readonly ExprNode[]): UpdateProgram {
  return compileProgram({
    name: 'random',
    tensors: [...TENSORS],
    readOnly: ['grad'],
    scalars: ['a', 'b'],
    outputs: { param: Expr.of(outputs[0]!), s0: Expr.of(outputs[1]!), s1: Expr.of(outputs[2]!) },
  });
}

/** One random program over 1-3 bindings, one step, webgpu vs core's evaluator. */
async function compareOnce(
  ctx: Parameters<Check['run']>[0],
  prog: UpdateProgram,
  sizes: number[],
  seed: number,
  scalars: Float32Array,
): Promise<void> {
  const inputs = sizes.map((size, b) => TENSORS.map((_, slot) => seededValues(seed + 10 * b + slot, size, 2)));
  const got = await onReferenceAndWebGPU(
    ctx,
    {
      setup: () => inputs.map((binding) => binding.map((values, slot) => (slot === 1 ? tf.tensor(values) : variableOf(values, [values.length])))),
      step: (bindings) => getBackend().runUpdate({ program: prog, bindings, scalars }),
      read: (bindings) => readAll(bindings.flatMap((b) => prog.outputs.map((o) => b[o.slot]!))),
      dispose: (bindings) => bindings.flat().forEach((t) => t.dispose()),
    },
    1,
  );
  const bounds = errorBounds(prog, inputs, scalars);
  let at = 0;
  sizes.forEach((size, b) => {
    prog.outputs.forEach((o, j) => {
      const floor = Array.from(bounds[b]!.subarray(j * size, (j + 1) * size), (e) => 2 * e + 1e-37);
      expectClose(`binding ${b} ${prog.tensors[o.slot]}`, got.webgpu[at]!, got.reference[at]!, 1e-5, floor);
      at++;
    });
  });
}

/** fast-check over random programs (fixed seed: a failure names the program to reproduce). */
export const irChecks: Check[] = [
  {
    name: 'random update programs over every IR op agree with core\'s evaluator (fast-check, 100 programs)',
    async run(ctx) {
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(node, node, node),
          fc.array(fc.constantFrom(...SIZES), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 1, max: 1e6 }),
          fc.tuple(scalarValue, scalarValue),
          async (outputs, sizes, seed, [a, b]) => {
            await compareOnce(ctx, program(outputs), sizes, seed, Float32Array.of(a, b));
          },
        ),
        { seed: 20261101, numRuns: 100 },
      );
    },
  },
];
