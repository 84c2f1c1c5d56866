import { type InvalidOptionError, isDescentError } from '@descent/core';
import { expect } from 'vitest';
import { TestModel } from '../../test-model.js';
import { activateBackend, type ConformanceBackend } from '../backends.js';
import { type ConformanceConfig, resolveConfig } from '../config.js';
import { caseInputs } from './agreement.js';
import { expectSameValues } from './bits.js';

/** The option name the unknown-option check passes: no optimizer has it. */
export const UNKNOWN_OPTION = 'notAnOptionOfThisOptimizer';

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Checks that `create({ ...baseOptions, [option]: value })` throws an `InvalidOptionError`
 * whose `option` is `option` and whose message names it in quotes.
 */
export function checkInvalidOption<O>(config: ConformanceConfig<O>, option: string, value: unknown): void {
  const resolved = resolveConfig(config);
  const label = `${resolved.name}: option "${option}" = ${describeValue(value)}`;
  let thrown: unknown;
  try {
    const optimizer = resolved.create({ ...resolved.baseOptions, [option]: value } as O);
    optimizer.dispose();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) expect.fail(`${label}: create() accepted it`);
  if (!(isDescentError(thrown) && thrown.code === 'INVALID_OPTION')) expect.fail(`${label}: threw ${String(thrown)}, not an InvalidOptionError`);
  expect((thrown as InvalidOptionError).option, `${label}: the error's "option"`).toBe(option);
  expect((thrown as Error).message, `${label}: the message names the option`).toContain(`"${option}"`);
}

/** Every invalid option of the config, plus an unknown option unless `rejectsUnknownOptions` is false. */
export function invalidOptionCases<O>(config: ConformanceConfig<O>): (readonly [string, unknown])[] {
  const resolved = resolveConfig(config);
  return [...resolved.invalidOptions, ...(resolved.rejectsUnknownOptions ? [[UNKNOWN_OPTION, 1] as const] : [])];
}

/**
 * Checks an option that construction accepts but a step must reject (e.g. a schedule that
 * returns NaN): `optimize()` throws an `InvalidOptionError` naming `option`, writes no param
 * and creates no state.
 */
export async function checkInvalidAtStep<O>(config: ConformanceConfig<O>, backend: ConformanceBackend, option: string, value: unknown): Promise<void> {
  const resolved = resolveConfig(config);
  await activateBackend(backend);
  const label = `${resolved.name} on ${backend.name}: option "${option}" = ${describeValue(value)} at optimize()`;
  const inputs = caseInputs(config, resolved.cases[0]!);
  const optimizer = resolved.create({ ...resolved.baseOptions, [option]: value } as O);
  const model = new TestModel(inputs.shapes, inputs.initial);
  try {
    model.setGrads(inputs.steps[0]!.grads);
    const before = await model.read();
    let thrown: unknown;
    try {
      optimizer.optimize(model.layers, 0);
    } catch (error) {
      thrown = error;
    }
    if (thrown === undefined) expect.fail(`${label}: the step ran`);
    if (!(isDescentError(thrown) && thrown.code === 'INVALID_OPTION')) expect.fail(`${label}: threw ${String(thrown)}, not an InvalidOptionError`);
    expect((thrown as InvalidOptionError).option, `${label}: the error's "option"`).toBe(option);
    expect(model.states.every((list) => list.length === 0), `${label}: states created`).toBe(true);
    expectSameValues(await model.read(), before, `${label}: the failed step wrote`);
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
