import { InvalidOptionError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';
import type { OptionReader } from '../options/option-reader.js';

/** Validates a list of step epochs: non-negative integers, strictly increasing. */
export function readStepList(reader: OptionReader, name: string, length?: number): readonly number[] {
  const value = reader.raw(name);
  if (!Array.isArray(value) || value.length === 0) reader.fail(name, 'a non-empty list of epochs', value);
  if (length !== undefined && value.length !== length) {
    reader.fail(name, `a list as long as "change" (${length})`, value);
  }
  value.forEach((step, i) => {
    const previous = i === 0 ? -1 : (value[i - 1] as number);
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step <= previous) {
      throw new InvalidOptionError(
        name,
        `${reader.owner}: option "${name}[${i}]" must be an integer >= 0 and greater than the step before it, got ${describeValue(step)}`,
      );
    }
  });
  return Object.freeze([...(value as number[])]);
}

/** Index of the last step `<= epoch`, or -1 when none is reached yet. */
export function stepIndex(steps: readonly number[], epoch: number): number {
  let index = -1;
  for (let i = 0; i < steps.length && steps[i]! <= epoch; i++) index = i;
  return index;
}
