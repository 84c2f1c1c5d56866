import { getParamList, type Layer } from '../layer.js';
import { checkEpoch } from '../schedules/check-epoch.js';
import { SPECIFICATION_VERSION, type SpecificationVersion } from '../specification.js';

/**
 * neon's optimizer contract: `optimize(layerList, epoch)` updates every parameter of the
 * layers in place. It is called once per minibatch; `epoch` is 0-based and the same for the
 * whole epoch. Elementwise algorithms extend {@link ElementwiseOptimizer}; anything else may
 * extend this class directly and use `getParamList` and tfjs ops (neon's imperative route).
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

  /** Frees every tensor this optimizer created. The default has none to free. */
  dispose(): void {}
}
