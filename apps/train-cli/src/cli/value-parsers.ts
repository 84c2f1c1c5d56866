import { InvalidArgumentError } from 'commander';
import { HYPERPARAMETERS, type HyperparameterKey, hyperparameterProblem } from '@descent/example-kit';

/** A parser for an integer flag of at least `min`. */
export function integerAtLeast(min: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return value;
  };
}

/** A parser for a hyperparameter flag: a finite number inside the hyperparameter's range. */
export function hyperparameterValue(key: HyperparameterKey): (text: string) => number {
  return (text) => {
    const value = Number(text);
    const problem = text.trim() === '' ? 'must be a number' : hyperparameterProblem(HYPERPARAMETERS[key], value);
    if (problem) throw new InvalidArgumentError(`${HYPERPARAMETERS[key].label} ${problem}`);
    return value;
  };
}

/** A parser for a comma-separated list of positive integers, e.g. `--hidden 32,32`. */
export function layerSizes(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const sizes = parts.map(Number);
  if (parts.some((part) => part === '') || sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 4096)) {
    throw new InvalidArgumentError('expected comma-separated layer sizes, each an integer from 1 to 4096, e.g. 32,32');
  }
  return sizes;
}

/** A parser for a comma-separated list of names from `allowed` (or `all`), without repeats. */
export function nameList<T extends string>(allowed: readonly T[]): (text: string) => T[] {
  return (text) => {
    if (text.trim() === 'all') return [...allowed];
    const names = text.split(',').map((name) => name.trim());
    const unknown = names.filter((name) => !(allowed as readonly string[]).includes(name));
    if (unknown.length > 0) throw new InvalidArgumentError(`unknown ${unknown.map((n) => `"${n}"`).join(', ')}; choose from ${allowed.join(', ')} (comma-separated), or all`);
    if (new Set(names).size !== names.length) throw new InvalidArgumentError('lists a name twice');
    return names as T[];
  };
}
