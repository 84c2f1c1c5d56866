import { Optimizer, SpecificationVersionError } from '@descent/core';
import {
  acquireBackend,
  type BackendName,
  checkAtomicity,
  checkCase,
  type ConformanceBackend,
  type ConformanceConfig,
  checkInvalidOption,
  checkLazyStates,
  checkNoLeaks,
  checkSpecificationVersion,
  checkStateRoundTrip,
} from '@descent/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Flaw, FlawedMomentum, type FlawedMomentumOptions } from './flawed-momentum.js';
import { momentumReference, momentumRule, RuleMomentum, type RuleMomentumOptions, wrongSignRule } from './rules.js';

// The kit's checks, run directly on broken optimizers: each must fail, for the stated reason,
// while the same check passes on the unbroken twin (so it fails because of the flaw).

const flawed = (flaw: Flaw): ConformanceConfig<FlawedMomentumOptions> => ({
  name: `FlawedMomentum (${flaw})`,
  create: (options) => new FlawedMomentum({ ...options, flaw }),
  stateCount: 1,
  // Step k (1-based) uses lr / k.
  reference: (options) => momentumReference(options, (call) => (options.learningRate ?? 0.1) / call),
  cases: [{ name: 'defaults', options: {} }],
});

const ruleConfig = (rule: typeof momentumRule): ConformanceConfig<RuleMomentumOptions> => ({
  name: `RuleMomentum (${rule.name})`,
  create: (options) => new RuleMomentum(rule, options),
  stateCount: 1,
  reference: (options) => momentumReference(options),
  cases: [
    { name: 'defaults', options: {} },
    { name: 'every clip, batch 4', options: { learningRate: 0.05, gradientClipNorm: 1, gradientClipValue: 0.4, paramClipValue: 0.9 }, batchSize: 4 },
  ],
});

/** Which check catches which flaw, and what its message says. */
const CAUGHT: [Flaw, (c: ConformanceConfig<FlawedMomentumOptions>, b: ConformanceBackend) => Promise<void>, RegExp][] = [
  ['leaks a tensor per step', (c, b) => checkNoLeaks(c, b), /changed tf\.memory\(\)\.numTensors/],
  ['writes before it validates the last layer', (c, b) => checkAtomicity(c, b), /the failed call wrote/],
  ['throws untyped errors', (c, b) => checkAtomicity(c, b), /not a typed Descent error/],
  ['creates states before validating', (c, b) => checkAtomicity(c, b), /the failed call wrote, tensor 0: state count/],
  ['replaces its states every step', (c, b) => checkLazyStates(c, b), /the same Variable/],
  ['counts failed steps', (c, b) => checkAtomicity(c, b), /a twin optimizer that saw none/],
  ['forgets its step count in getState', (c, b) => checkStateRoundTrip(c, b), /after setState\(saved, layers\) vs the uninterrupted run/],
];

for (const name of ['ops', 'wasm', 'webgpu'] as BackendName[]) {
  describe(`the kit's checks on ${name}`, () => {
    let backend: ConformanceBackend;
    beforeAll(async () => {
      const availability = await acquireBackend(name);
      if (!availability.available) throw new Error(availability.reason);
      backend = availability.backend;
    });

    it('catch an update rule with a wrong sign (float64 reference), and pass the right rule', async () => {
      const wrong = ruleConfig(wrongSignRule);
      const right = ruleConfig(momentumRule);
      for (const kase of right.cases!) {
        await checkCase(right, backend, kase);
        await expect(checkCase(wrong, backend, kase)).rejects.toThrow(/param vs float64 reference/);
      }
    });

    it('pass an imperative optimizer without flaws through every check', async () => {
      const control = flawed('none');
      await checkCase(control, backend, control.cases![0]!);
      for (const [, check] of CAUGHT) await check(control, backend);
    });

    for (const [flaw, check, message] of CAUGHT) {
      it(`catch an optimizer that ${flaw}`, async () => {
        await expect(check(flawed(flaw), backend)).rejects.toThrow(message);
      });
    }
  });
}

describe("the kit's option and version checks", () => {
  it('catch an invalid option that is accepted, or rejected under the wrong name', () => {
    checkInvalidOption(flawed('none'), 'learningRate', -1);
    expect(() => checkInvalidOption(flawed('accepts a negative learning rate'), 'learningRate', -1)).toThrow(/create\(\) accepted it/);
    expect(() => checkInvalidOption(flawed('names the wrong option'), 'learningRate', -1)).toThrow(/the error's "option"/);
    expect(() => checkInvalidOption(flawed('none'), 'learningRate', 0.5)).toThrow(/create\(\) accepted it/);
  });

  it('refuse an optimizer built for another specification version', () => {
    checkSpecificationVersion(flawed('none'));
    const foreign = { ...flawed('none'), create: () => Object.assign(new FlawedMomentum(), { specificationVersion: 'v2' }) };
    expect(() => checkSpecificationVersion(foreign)).toThrow(SpecificationVersionError);
    expect(() => checkSpecificationVersion(foreign)).toThrow(/"v2", but this @descent\/core implements "v1"/);
  });

  it('fail the state round trip of an optimizer without getState/setState, pointing at the opt-out', async () => {
    const availability = await acquireBackend('ops');
    if (!availability.available) throw new Error(availability.reason);
    const control = flawed('none');
    await checkStateRoundTrip(control, availability.backend);
    // Built against a core without state methods:
    const stateless = { ...control, create: () => Object.assign(new FlawedMomentum(), { getState: undefined, setState: undefined }) };
    await expect(checkStateRoundTrip(stateless, availability.backend)).rejects.toThrow(/has no getState\(\)\/setState\(\).*state: false, stateReason/);
    // Or one that never overrode core's defaults, which throw:
    class Stateless extends Optimizer {
      override optimize(): void {}
    }
    const inherits = { name: 'Stateless', create: () => new Stateless(), stateCount: 0 };
    await expect(checkStateRoundTrip(inherits, availability.backend)).rejects.toThrow(/inherits Optimizer's getState\(\).*state: false, stateReason/);
  });

  it('fail the state round trip on WebGPU of an optimizer whose getStateAsync does not read ahead what getState reads', async () => {
    const availability = await acquireBackend('webgpu');
    if (!availability.available) throw new Error(availability.reason);
    const config = ruleConfig(momentumRule);
    await checkStateRoundTrip(config, availability.backend);
    // Its prefetchState reads nothing: getState then reads synchronously, which Dawn cannot do.
    class NoReadAhead extends RuleMomentum {
      override async prefetchState(): Promise<void> {}
    }
    const broken = { ...config, name: 'NoReadAhead', create: (o: RuleMomentumOptions) => new NoReadAhead(momentumRule, o) };
    // tfjs-backend-webgpu's synchronous read in Node needs an OffscreenCanvas, which Node lacks.
    await expect(checkStateRoundTrip(broken, availability.backend)).rejects.toThrow(/OffscreenCanvas/);
  });
});
