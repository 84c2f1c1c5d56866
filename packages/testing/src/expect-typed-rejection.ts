import { isDescentError } from '@descent/core';
import { expect } from 'vitest';

/**
 * Runs `parse`; if it throws, asserts the error is a Descent typed error (`isDescentError`)
 * that reports a field (`error.option`, or `error.field` for a `StateError`) and names it in
 * its message; an error class without such a property (e.g. `SpecificationVersionError`) must
 * name an accepted field in its message. The field must be one of `fields` (e.g. the option
 * names plus `"options"`) or satisfy it when it is a predicate, unless the error reports an
 * unknown option (whose name is the offending key itself).
 * Returns the error, or undefined when `parse` accepted the input.
 */
export function expectTypedRejection(parse: () => unknown, fields: readonly string[] | ((field: string) => boolean)): Error | undefined {
  const allowed = typeof fields === 'function' ? fields : (field: string) => fields.includes(field);
  let error: unknown;
  try {
    parse();
    return undefined;
  } catch (e) {
    error = e;
  }
  if (!isDescentError(error)) {
    expect.fail(`expected a typed DescentError, got ${error instanceof Error ? `${error.name}: ${error.message}` : typeof error}`);
  }
  const reported = (error as { option?: unknown }).option ?? (error as { field?: unknown }).field;
  if (typeof reported !== 'string') {
    // An error class without a field property (e.g. SpecificationVersionError): its message must name one.
    const words = error.message.match(/[\w$.]+/g) ?? [];
    if (!words.some(allowed)) expect.fail(`${error.name} "${error.message}" names no accepted field`);
    return error;
  }
  if (!/unknown (\w+ )?option/.test(error.message)) {
    if (!allowed(reported)) expect.fail(`${error.name} "${error.message}" reports field ${JSON.stringify(reported)}`);
  }
  if (reported.length <= 40 && /^[\w$.[\]]*$/.test(reported)) {
    expect(error.message, 'the message names the field').toContain(reported);
  }
  return error;
}
