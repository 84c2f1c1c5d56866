import '@tensorflow/tfjs-backend-cpu';
import { type Backend, BackendError, createOpsBackend, OptionReader, type UpdateRequest } from '@descent/core';
import { bindingData, buildProgram, expectBitwiseAgreement, fuzzFailingFactory, programSpec } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

// The backend kit: random programs run on a backend and compared bit for bit with core's
// evaluator. It must pass a correct backend and catch a backend that is subtly wrong.

const SHAPES = [[], [1], [5], [2, 3], [0]] as const;

/** Differential check of `backend` over `runs` random programs; throws on the first mismatch. */
async function differential(backend: Backend, runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(programSpec('any'), fc.integer(), fc.array(fc.float(), { minLength: 4, maxLength: 4 }), async (spec, seed, values) => {
      const program = buildProgram(spec);
      const data = bindingData(program, SHAPES, seed);
      const scalars = Float32Array.from(program.scalars, (_, i) => values[i]!);
      await expectBitwiseAgreement(backend, program, data, scalars);
    }),
    { numRuns: runs, seed: 20261125 },
  );
}

/** The ops backend, but every -0 it writes comes out as +0 (a classic kernel slip). */
function signedZeroSlip(): Backend {
  const inner = createOpsBackend();
  return {
    ...inner,
    name: 'signed-zero-slip',
    runUpdate(request: UpdateRequest) {
      inner.runUpdate(request);
      for (const { slot } of request.program.outputs) {
        for (const binding of request.bindings) {
          const v = binding[slot] as tf.Variable;
          tf.tidy(() => v.assign(tf.add(v, 0))); // -0 + 0 = +0; everything else unchanged
        }
      }
    },
  };
}

describe('backend kit: random programs against the evaluator', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('passes core\'s ops backend (the evaluator itself), 60 random programs', async () => {
    await differential(createOpsBackend(), 60);
  });

  it('catches a backend that writes +0 for -0', async () => {
    const error = (await differential(signedZeroSlip(), 200).then(() => undefined, (e: unknown) => e)) as Error | undefined;
    expect(error?.message).toMatch(/Property failed/);
    // fast-check keeps the failing assertion as the cause: the counterexample's -0 output.
    expect(String((error?.cause as Error | undefined)?.message)).toMatch(/got 0, expected -0 \(bitwise\)/);
  });

  it('bindingData is seeded: the same seed gives the same values, another seed others', () => {
    const program = buildProgram({ states: 1, scalars: 0, constants: [], reduced: [], ops: [{ op: 'add', a: 0, b: 1 }], outputs: [0, 0] });
    const [a, b, c] = [bindingData(program, [[64]], 1), bindingData(program, [[64]], 1), bindingData(program, [[64]], 2)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a[0]!.values).toHaveLength(program.tensors.length);
  });

  it('fuzzFailingFactory passes a factory that always rejects typed, and catches one that resolves or throws untyped', async () => {
    // Reads its options as the real factories do (core's OptionReader: a throwing getter or
    // Proxy trap, a non-object, an unknown key are typed errors naming the field), then fails
    // like a backend without its GPU.
    const typed = async (options: unknown) => {
      const reader = new OptionReader('stand-in createBackend', options, ['size']);
      if (reader.raw('size') !== undefined) reader.fail('size', 'absent');
      throw new BackendError('no GPU here');
    };
    await fuzzFailingFactory(typed, ['size'], { unnamed: /no GPU/, numRuns: 200 });
    await expect(fuzzFailingFactory(async () => 'a backend', ['size'], { unnamed: /no GPU/, numRuns: 5 })).rejects.toThrow(/Property failed/);
    await expect(fuzzFailingFactory(async () => { throw new Error('plain'); }, ['size'], { unnamed: /no GPU/, numRuns: 5 })).rejects.toThrow(/Property failed/);
    // Names no option on any input, so the first sample already breaks the `unnamed` rule.
    const unnamedOnly = async () => { throw new BackendError('no GPU here'); };
    await expect(fuzzFailingFactory(unnamedOnly, ['size'], { unnamed: /GPU missing/, numRuns: 5 })).rejects.toThrow(/Property failed/);
  });
});
