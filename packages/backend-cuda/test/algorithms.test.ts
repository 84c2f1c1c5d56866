import type { CudaBackend } from '@descent/backend-cuda';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseLabel, FLAGS, RULES, runCase } from './cases.js';
import { expectBitwise } from './helpers.js';
import { standInBackend } from './stand-in.js';

let backend: CudaBackend;
beforeAll(async () => {
  backend = await standInBackend();
});

/**
 * Bit for bit: on the stand-in both sides run tfjs-backend-cpu's kernels, the backend's
 * device ops are core's ops, and its host-side uniforms round like those kernels (see
 * differential-random.test.ts), so any difference is a bug.
 */
describe('every algorithm x every pipeline flag combination, 5 steps, bit for bit against core evaluateProgramOps', () => {
  it('covers every rule of the six packages', () => {
    expect(RULES.map((r) => r.name)).toEqual([
      'gradient-descent', 'gradient-descent-momentum', 'gradient-descent-nesterov', 'rmsprop', 'adagrad', 'adadelta', 'adam', 'shift-adamax',
    ]);
  });

  for (const rule of RULES) {
    for (const flags of FLAGS) {
      it(caseLabel(rule, flags), () => runCase(backend, rule, flags, expectBitwise));
    }
  }
});
