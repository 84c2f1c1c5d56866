import { InvalidOptionError, type Optimizer } from '@descent/core';
import { HYPERPARAMETERS, type HyperparameterKey, type Hyperparameters, type OptimizerName, OPTIMIZERS } from '@descent/example-kit';
import { UsageError } from '../cli/usage-error.js';

/**
 * Builds the optimizer; an option its constructor rejects (a combination the flags' ranges
 * cannot see, e.g. Nesterov with momentum 0) becomes a {@link UsageError} naming the flag.
 */
export function createOptimizer(name: OptimizerName, values: Hyperparameters): Optimizer {
  try {
    return OPTIMIZERS[name].create(values);
  } catch (error) {
    if (!(error instanceof InvalidOptionError)) throw error;
    const key = error.option === 'nesterov' ? 'momentumCoef' : error.option; // Nesterov is refused for momentum 0
    const spec = HYPERPARAMETERS[key as HyperparameterKey] as (typeof HYPERPARAMETERS)[HyperparameterKey] | undefined;
    const flag = spec ? `--${spec.flag}` : '--optimizer';
    throw new UsageError(`${flag}: ${error.message}`, { flag, cause: error });
  }
}
