import { type Backend, getBackend, setBackend } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import { acquireBackend, activeTfjsBackend, type BackendAvailability, type BackendName, type ConformanceBackend } from './backends.js';
import { checkCase, checkRun, MANY_TENSORS, manyTensorInputs } from './checks/agreement.js';
import { checkAtomicity } from './checks/atomicity.js';
import { checkCrossBackend } from './checks/cross-backend.js';
import { checkHostileOptions } from './checks/hostile-options.js';
import { checkLazyStates } from './checks/lazy-states.js';
import { checkNoLeaks } from './checks/leaks.js';
import { checkLongRun } from './checks/long-run.js';
import { checkInvalidAtStep, checkInvalidOption, invalidOptionCases } from './checks/options.js';
import { checkSpecificationVersion } from './checks/specification.js';
import { checkStateRoundTrip } from './checks/state-round-trip.js';
import { type ConformanceConfig, resolveConfig } from './config.js';
import { ConformanceReport } from './report.js';
import type { RunValues } from './run.js';

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' && value ? `a ${Array.isArray(value) ? 'array' : 'object'}` : String(value));

/**
 * Registers vitest tests proving that an optimizer meets Descent's contract, on every backend
 * available in the process: core's tfjs-ops evaluator (always), `@descent/backend-wasm` and
 * `@descent/backend-webgpu` when they can be imported and started (optional peer
 * dependencies; WebGPU in Node through the `webgpu` package). Per backend it checks agreement
 * with the float64 reference after every step (randomized shapes with a scalar, odd sizes and
 * many tensors; every case's clips and schedules), lazy states, leaks, atomic failure and the
 * state round trip; then agreement across backends, the option errors and the specification
 * version; and, when the config asks, a hostile-options fuzz and a long run on the ops backend
 * (`knownOptions`, `longRun`). Call it at the top level of a test file. Returns the report that is printed at the
 * end of the suite (which backends ran, and why others did not).
 *
 * @example
 * ```ts
 * describeOptimizerConformance({
 *   name: 'Lion',
 *   create: (options) => new Lion(options),
 *   stateCount: 1,
 *   reference: lionReference,
 *   cases: [{ name: 'defaults', options: {} }, { name: 'clipped', options: { gradientClipNorm: 1 } }],
 *   invalidOptions: [['beta1', 1], ['learningRate', -1]],
 * });
 * ```
 */
export function describeOptimizerConformance<O>(config: ConformanceConfig<O>): ConformanceReport {
  const resolved = resolveConfig(config);
  const report = new ConformanceReport(resolved as never);
  const results = new Map<string, Map<BackendName, RunValues>>();
  const keep = (run: string, backend: BackendName, values: RunValues): void => {
    if (!results.has(run)) results.set(run, new Map());
    results.get(run)!.set(backend, values);
  };
  const runs = [...resolved.cases.map((c) => c.name), `${MANY_TENSORS} tensors`];

  describe(`${resolved.name} conformance`, () => {
    let previous: { tfjs: string | undefined; descent: Backend } | undefined;
    beforeAll(() => {
      previous = { tfjs: activeTfjsBackend(), descent: getBackend() };
    });
    afterAll(async () => {
      if (previous?.tfjs && activeTfjsBackend() !== previous.tfjs) await tf.setBackend(previous.tfjs);
      if (previous) setBackend(previous.descent);
      console.log(report.text());
    });

    it(`declares the specification version of this @descent/core`, () => checkSpecificationVersion(config));

    for (const [option, value] of invalidOptionCases(config)) {
      it(`rejects option "${option}" = ${show(value)} with an InvalidOptionError naming it`, () => checkInvalidOption(config, option, value));
    }

    for (const [option, value] of resolved.invalidAtStep) {
      it(`rejects option "${option}" = ${show(value)} at optimize() with an InvalidOptionError, writing nothing`, async () => {
        const first = resolved.backends[0]!;
        const availability = await acquireBackend(first);
        if (!availability.available) throw new Error(`backend "${first}" is unavailable: ${availability.reason}`);
        await checkInvalidAtStep(config, availability.backend, option, value);
      }, resolved.timeout);
    }

    // On the ops backend whatever `backends` says: these check the optimizer's own code (option
    // parsing, per-step allocations), which every backend shares; ops is always available.
    const onOps = (title: string, check: (backend: ConformanceBackend) => Promise<void>): void => {
      it(title, async () => {
        const availability = await acquireBackend('ops');
        if (!availability.available) throw new Error(`backend "ops" is unavailable: ${availability.reason}`);
        await check(availability.backend);
      }, resolved.timeout);
    };
    if (resolved.knownOptions) {
      onOps('survives hostile options (fast-check): every rejection is a typed error naming the option; an accepted optimizer steps or rejects the step typed', (b) =>
        checkHostileOptions(config, b),
      );
    }
    if (resolved.longRun) {
      onOps(`${resolved.longRun.steps.toLocaleString('en-US')} steps on core's ops evaluator: tf.memory() flat; dispose() frees every state`, (b) => checkLongRun(config, b));
    }

    for (const name of resolved.backends) {
      describe(`on ${name}`, () => {
        let availability: BackendAvailability = { available: false, reason: 'not tried' };
        beforeAll(async () => {
          availability = await acquireBackend(name);
          report.record(name, availability);
        }, resolved.timeout);
        const on = (title: string, check: (backend: ConformanceBackend) => Promise<void>): void => {
          it(title, async (ctx: TestContext) => {
            if (!availability.available) {
              if (resolved.requireBackends.includes(name)) throw new Error(`backend "${name}" is required but unavailable: ${availability.reason}`);
              ctx.skip(`backend "${name}" unavailable: ${availability.reason}`);
            }
            await check((availability as { backend: ConformanceBackend }).backend);
          }, resolved.timeout);
        };
        const agreement = resolved.reference ? 'agrees with the float64 reference after every step' : 'runs (no reference: compared across backends)';
        for (const kase of resolved.cases) {
          on(`${agreement}: ${kase.name}`, async (b) => keep(kase.name, name, await checkCase(config, b, kase)));
        }
        on(`${agreement}: ${MANY_TENSORS} tensors in one call`, async (b) =>
          keep(runs.at(-1)!, name, await checkRun(config, b, resolved.cases[0]!.options, manyTensorInputs(config))),
        );
        on('creates states lazily, once, and keeps them in the layers', (b) => checkLazyStates(config, b));
        on('allocates no tensors per step and frees everything on dispose', (b) => checkNoLeaks(config, b));
        on('fails atomically on bad input in the last layer, writing nothing', (b) => checkAtomicity(config, b));
        if (resolved.state.enabled) {
          on('restores its state with getState/setState and resumes exactly', (b) => checkStateRoundTrip(config, b));
        } else {
          it.skip(`state round trip: OFF, because: ${resolved.state.reason}`, () => undefined);
        }
      });
    }

    if (resolved.backends.length > 1) {
      describe('across backends', () => {
        for (const run of runs) {
          it(`${run}: every backend agrees with the first that ran`, (ctx) => {
            const byBackend = [...(results.get(run) ?? new Map<BackendName, RunValues>()).entries()];
            if (byBackend.length < 2) ctx.skip(`only ${byBackend.map(([b]) => b).join(', ') || 'no backend'} produced this run`);
            const [first, expected] = byBackend[0]!;
            for (const [backend, values] of byBackend.slice(1)) {
              checkCrossBackend(`${resolved.name}, ${run}: ${backend} vs ${first}`, values, expected, resolved.crossBackendTolerance);
            }
          });
        }
      });
    }
  });
  return report;
}
