import { type Layer, Optimizer } from '@descent/core';
import { expect } from 'vitest';
import { activateBackend, type ConformanceBackend } from '../backends.js';
import { type ConformanceCase, type ConformanceConfig, resolveConfig } from '../config.js';
import { runOptimizer, type RunValues } from '../run.js';
import { caseInputs } from './agreement.js';
import { expectSameValues } from './bits.js';
import { expectRepeatable } from './cross-backend.js';

/** The state save/load methods of core's Optimizer contract (absent in cores before them). */
interface Stateful {
  getState(layerList?: readonly Layer[]): unknown;
  setState(state: unknown, layerList?: readonly Layer[]): void;
  /** Absent in cores before it. */
  getStateAsync?(layerList?: readonly Layer[]): Promise<unknown>;
}

let runs = 0;

function stateful(optimizer: Optimizer, name: string): Stateful {
  const candidate = optimizer as unknown as Partial<Stateful>;
  const missing = typeof candidate.getState !== 'function' || typeof candidate.setState !== 'function';
  const inherited = !missing && candidate.getState === (Optimizer.prototype as unknown as Stateful).getState;
  if (missing || inherited) {
    expect.fail(
      `${name} ${missing ? 'has no getState()/setState()' : "inherits Optimizer's getState(), which throws"}: the state ` +
        'round trip fails. Implement getState and prepareState (ElementwiseOptimizer does), or, if the optimizer really ' +
        'cannot save its state, pass { state: false, stateReason: "why" } to the kit; the reason is printed in its report',
    );
  }
  return candidate as Stateful;
}

/**
 * Checks checkpointing: run half the steps, save `getStateAsync(layers)` (`getState` with an
 * older core) through
 * `JSON.stringify`, keep going to the end; then, in a fresh optimizer and a fresh model with
 * the same param names and the saved param values, `setState(saved, layers)` must restore
 * every state bit for bit, and the remaining steps must give the uninterrupted run's result
 * (bit-identical where the backend is deterministic); and again with `setState(saved)`, which
 * installs the state at the next `optimize()`. Lost counters (Adam's `t`) or states make it
 * fail.
 */
export async function checkStateRoundTrip<O>(config: ConformanceConfig<O>, backend: ConformanceBackend, kase?: ConformanceCase<O>): Promise<void> {
  const resolved = resolveConfig(config);
  const c = kase ?? resolved.cases[0]!;
  await activateBackend(backend);
  const inputs = caseInputs(config, c);
  const half = Math.floor(inputs.steps.length / 2);
  runs += 1;
  const names = inputs.shapes.map((_, i) => `conformance-state-${runs}/param${i}`);
  const where = `${resolved.name} on ${backend.name} (${c.name})`;
  let saved: unknown;
  let savedValues: RunValues | undefined;
  const original = resolved.create(c.options);
  let continued: RunValues;
  try {
    const methods = stateful(original, resolved.name);
    continued = await runOptimizer(original, inputs, {
      names,
      afterStep: async (step, model) => {
        if (step !== half - 1) return;
        if (typeof methods.getStateAsync === 'function') {
          // Before any other read: getStateAsync must read ahead (prefetchState) every tensor
          // getState reads, or it throws on WebGPU in Node, as users' checkpoints would.
          saved = JSON.parse(JSON.stringify(await methods.getStateAsync(model.layers)));
          savedValues = await model.read();
        } else {
          // An older core: read first, since tfjs-backend-webgpu can only read synchronously in
          // Node values it has cached on the CPU (an async read caches them).
          savedValues = await model.read();
          saved = JSON.parse(JSON.stringify(methods.getState(model.layers)));
        }
      },
    });
  } finally {
    original.dispose();
  }
  const checkpoint = savedValues!;
  for (const withLayers of [true, false]) {
    const restored = resolved.create(c.options);
    const how = withLayers ? 'setState(saved, layers)' : 'setState(saved), installed by the next optimize()';
    try {
      const methods = stateful(restored, resolved.name);
      const resumed = await runOptimizer(restored, inputs, {
        names,
        from: half,
        initial: checkpoint.params.map((values) => Array.from(values)),
        beforeSteps: async (model) => {
          if (!withLayers) return methods.setState(saved);
          methods.setState(saved, model.layers);
          expectSameValues(await model.read(), checkpoint, `${where}: states after setState(getState(layers), layers) at step ${half}`);
        },
      });
      const label = `${where}: steps ${half}..${inputs.steps.length - 1} after ${how} vs the uninterrupted run`;
      expectRepeatable(label, resumed, continued, backend.deterministic, resolved.tolerance);
    } finally {
      restored.dispose();
    }
  }
}
