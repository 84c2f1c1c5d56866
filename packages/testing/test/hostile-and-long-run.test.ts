import { CLIP_OPTION_NAMES, InvalidOptionError, isDescentError, type Layer } from '@descent/core';
import { acquireBackend, checkHostileOptions, checkLongRun, checkNoLeaks, type ConformanceBackend, type ConformanceConfig, type LongRunConfig } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { momentumRule, RuleMomentum, type RuleMomentumOptions } from './rules.js';

// The kit's opt-in checks (`knownOptions`, `longRun`), run directly on broken optimizers: each
// must fail for the stated reason, while the unbroken twin passes the same check.

let ops: ConformanceBackend;
beforeAll(async () => {
  const availability = await acquireBackend('ops');
  if (!availability.available) throw new Error(availability.reason);
  ops = availability.backend;
});

/** RuleMomentum parses with core's OptionReader (typed errors for anything), unless `create` breaks that. */
const hostile = (name: string, create: (options: RuleMomentumOptions) => RuleMomentum): ConformanceConfig<RuleMomentumOptions> => ({
  name,
  create,
  stateCount: 1,
  knownOptions: ['learningRate', ...CLIP_OPTION_NAMES],
});

/** Rethrows what construction throws as `wrap` makes it. */
const rethrowing = (wrap: (error: unknown) => unknown) => (options: RuleMomentumOptions) => {
  try {
    return new RuleMomentum(momentumRule, options);
  } catch (error) {
    throw wrap(error);
  }
};

/**
 * Parses like RuleMomentum, but every step throws `error` (so the first accepted sample fails:
 * fast-check generates accepted options in every run, e.g. `{}`).
 */
const rejectingSteps = (error: () => Error) => (options: RuleMomentumOptions) =>
  new (class extends RuleMomentum {
    override optimize(): void {
      throw error();
    }
  })(momentumRule, options);

describe("the kit's hostile-options check (knownOptions)", () => {
  it('passes an optimizer that parses its options with core\'s OptionReader', async () => {
    await checkHostileOptions(hostile('RuleMomentum', (o) => new RuleMomentum(momentumRule, o)), ops);
  });

  it('catches a constructor that rejects with an untyped error', async () => {
    const config = hostile('untyped', rethrowing((e) => new TypeError(String(e))));
    await expect(checkHostileOptions(config, ops)).rejects.toThrow(/expected a typed DescentError, got TypeError/);
  });

  it('catches a typed rejection that names an option the optimizer does not have', async () => {
    const config = hostile('misnamed', rethrowing((e) => (isDescentError(e) ? new InvalidOptionError('lr', 'option "lr" is invalid') : e)));
    await expect(checkHostileOptions(config, ops)).rejects.toThrow(/reports field "lr"/);
  });

  it('catches an accepted optimizer whose step throws untyped, or names a field a step cannot', async () => {
    await expect(checkHostileOptions(hostile('untyped step', rejectingSteps(() => new RangeError('bad rate'))), ops)).rejects.toThrow(
      /expected a typed DescentError, got RangeError/,
    );
    const misnamed = () => new InvalidOptionError('gradientClipNorm', 'option "gradientClipNorm" is too large');
    await expect(checkHostileOptions(hostile('misnamed step', rejectingSteps(misnamed)), ops)).rejects.toThrow(/reports field "gradientClipNorm"/);
    // The same rejection naming the rate is what a step may say.
    await checkHostileOptions(hostile('typed step', rejectingSteps(() => new InvalidOptionError('learningRate', 'option "learningRate" is too large'))), ops);
  });
});

/** RuleMomentum counting its calls, leaking a tensor every `leakEvery` calls (never, by default). */
class CountingMomentum extends RuleMomentum {
  calls = 0;
  constructor(options: RuleMomentumOptions, private readonly leakEvery = Infinity) {
    super(momentumRule, options);
  }
  override optimize(layers: readonly Layer[], epoch: number): void {
    super.optimize(layers, epoch);
    if (++this.calls % this.leakEvery === 0) tf.scalar(this.calls); // never disposed
  }
}

const longRun = (leakEvery: number, run: Partial<LongRunConfig<RuleMomentumOptions>> = {}): ConformanceConfig<RuleMomentumOptions> => ({
  name: `CountingMomentum (leaks every ${leakEvery})`,
  create: (options) => new CountingMomentum(options, leakEvery),
  stateCount: 1,
  longRun: { steps: 300, ...run },
});

describe("the kit's long-run check (longRun)", () => {
  it('passes an optimizer without leaks, and hands it to the "after" hook', async () => {
    let calls = 0;
    await checkLongRun(longRun(Infinity, { after: (o) => (calls = (o as CountingMomentum).calls) }), ops);
    expect(calls).toBe(301); // the warm-up call and 300 steps
  });

  it('catches a leak too rare for the per-step leak check, and one per step', async () => {
    const config = longRun(100);
    await checkNoLeaks(config, ops); // 12 steps: passes
    await expect(checkLongRun(config, ops)).rejects.toThrow(/after 300 steps/);
    await expect(checkLongRun(longRun(1), ops)).rejects.toThrow(/after 300 steps/);
  });

  it('runs with longRun.options, and fails with the "after" hook', async () => {
    // A zero learning rate moves nothing: the options reached the optimizer.
    await expect(checkLongRun(longRun(Infinity, { options: { learningRate: 0 } }), ops)).rejects.toThrow(/no parameter moved/);
    const after = (): void => expect.fail('the algorithm-specific assertion failed');
    await expect(checkLongRun(longRun(Infinity, { after }), ops)).rejects.toThrow(/algorithm-specific assertion failed/);
  });
});
