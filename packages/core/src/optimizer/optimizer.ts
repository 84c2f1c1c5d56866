import { StateError } from '../errors.js';
import { getParamList, type Layer } from '../layer.js';
import { checkEpoch } from '../schedules/check-epoch.js';
import { SPECIFICATION_VERSION, type SpecificationVersion } from '../specification.js';
import type { OptimizerConfig, OptimizerState, PreparedState, StateOptions } from '../state/state-format.js';

/**
 * neon's optimizer contract: `optimize(layerList, epoch)` updates every parameter of the
 * layers in place. It is called once per minibatch; `epoch` is 0-based and the same for the
 * whole epoch. Elementwise algorithms extend {@link ElementwiseOptimizer}; anything else may
 * extend this class directly and use `getParamList` and tfjs ops (neon's imperative route).
 *
 * Checkpointing: `getState()` / `setState(state)` save and restore everything the optimizer
 * carries between calls (per-parameter states keyed by param name, step counters) as a
 * versioned JSON document. The defaults here throw a `StateError`: an optimizer that keeps
 * state overrides `getState` and `prepareState`.
 */
export abstract class Optimizer {
  /** The plugin contract version this optimizer was built for. */
  readonly specificationVersion: SpecificationVersion = SPECIFICATION_VERSION;

  /** Updates every parameter of `layerList` in place for one minibatch of `epoch`. */
  abstract optimize(layerList: readonly Layer[], epoch: number): void;

  /**
   * Throws what `optimize(layerList, epoch)` would throw for this input, and writes nothing.
   * A composite optimizer (MultiOptimizer) validates every part of a call with it before any
   * part writes, so that the whole call stays atomic. The default checks the epoch and the
   * layer tree only; override it when `optimize` rejects more.
   */
  validate(layerList: readonly Layer[], epoch: number): void {
    checkEpoch(epoch);
    getParamList(layerList);
  }

  /**
   * The type name saved state carries (`optimizer.type`) and is checked against on load.
   * Defaults to the constructor's name; built-in optimizers return a literal, so that
   * minified bundles still agree.
   */
  get optimizerType(): string {
    return this.constructor.name;
  }

  /** The hyperparameters, as JSON (saved with the state, for the record). The default is `{}`. */
  getConfig(): OptimizerConfig {
    return {};
  }

  /**
   * The optimizer's state as a versioned, JSON-serialisable document. Without `layerList`,
   * it covers every param the optimizer has stepped so far; with it, exactly the params of
   * those layers. Reads tensors back synchronously. The default throws a `StateError`.
   */
  getState(_layerList?: readonly Layer[]): OptimizerState {
    throw new StateError('optimizer', `${this.optimizerType} does not support getState()`);
  }

  /**
   * `getState(layerList)` on every tfjs backend: reads the tensors the document holds
   * asynchronously first (`prefetchState`), then builds the same document.
   * tfjs-backend-webgpu cannot read synchronously in Node, and in browsers a synchronous read
   * stalls the GPU; use this there (or anywhere).
   */
  async getStateAsync(layerList?: readonly Layer[]): Promise<OptimizerState> {
    await this.prefetchState(layerList);
    return this.getState(layerList);
  }

  /**
   * Reads every tensor `getState(layerList)` will read with `await tensor.data()`, which
   * leaves its values cached on the CPU for the synchronous read that follows. Errors are
   * left to `getState`. The default reads nothing: an optimizer that saves tensors overrides it.
   */
  async prefetchState(_layerList?: readonly Layer[]): Promise<void> {}

  /**
   * Restores a document from `getState()` (or its `JSON.parse(JSON.stringify(...))`).
   * Everything is validated before anything changes; a fault is a `StateError` whose `field`
   * names the path at fault, and leaves the optimizer as it was. With `layerList`, the state
   * is checked against those layers' params and installed now; without it, the document is
   * checked now and installed at the start of the next `optimize()` call, whose params must
   * then match it exactly (else that call throws a `StateError` and writes nothing).
   */
  setState(state: unknown, layerList?: readonly Layer[], options?: StateOptions): void {
    this.prepareState(state, layerList, options).install();
  }

  /**
   * Validates `state` as `setState` does and returns it ready to install, changing nothing:
   * composite optimizers prepare every part before installing any. The default throws a
   * `StateError`.
   */
  prepareState(_state: unknown, _layerList?: readonly Layer[], _options?: StateOptions): PreparedState {
    throw new StateError('optimizer', `${this.optimizerType} does not support setState()`);
  }

  /** Frees every tensor this optimizer created. The default has none to free. */
  dispose(): void {}
}
