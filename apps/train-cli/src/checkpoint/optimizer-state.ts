import type { Optimizer } from '@descent/core';

/**
 * Optimizer state save/load (`optimizer.getState(layerList?)` / `setState(state, layerList?)`,
 * issue 5) is being written on another branch. The checkpoint embeds `getState()`'s
 * JSON-serialisable result when the optimizer has it and hands it back to `setState(state)` on
 * resume. Both are called without a layer list: states are keyed by the param's (tfjs variable)
 * name, the optimizer remembers the entries it stepped, and a state restored without layers is
 * installed at the next `optimize()`, into the entries the trainer passes. Until then only the
 * model parameters are saved, and the CLI says so. (`saveState`/`loadState` from
 * `@descent/core/node` write a state file of their own; one checkpoint file holding both is
 * simpler for this app.)
 */
export interface StatefulOptimizer {
  getState(): unknown;
  setState(state: unknown): void;
}

/** True when the optimizer can save and restore its state. */
export function canSaveState(optimizer: Optimizer): optimizer is Optimizer & StatefulOptimizer {
  const candidate = optimizer as Partial<StatefulOptimizer>;
  return typeof candidate.getState === 'function' && typeof candidate.setState === 'function';
}

/** What the CLI prints when it cannot save or restore the optimizer's state. */
export const STATE_NOT_SAVED_NOTE =
  "optimizer state is not saved yet: this version of Descent's optimizers has no getState()/setState(), so a checkpoint holds the model parameters only and a resumed run starts the optimizer afresh (momentum, moments and Adam's t from zero)";
