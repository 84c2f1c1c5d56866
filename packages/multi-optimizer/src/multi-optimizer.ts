import {
  checkEpoch, type GroupedOptimizerState, type Layer, layerClassName, Optimizer, type OptimizerConfig, type PreparedState,
  type StateOptions,
} from '@descent/core';
import { checkGroupsDisjoint } from './check-disjoint.js';
import { collectGroupsState, prepareGroupsState, stateKeys } from './multi-state.js';
import { type MultiOptimizerMapping, readMapping } from './read-mapping.js';
import { type LayerGroup, routeLayers } from './route-layers.js';

/**
 * neon's MultiOptimizer: a different optimizer per layer. Each layer that has parameters goes,
 * with all its parameters, to the optimizer mapped to its **name**, else to the one mapped to
 * its **exact class name** (`className`, else the constructor's name; a subclass is not its
 * parent), else to `default`. Layers are grouped by optimizer in order of first appearance and
 * each optimizer gets one `optimize(group, epoch)` call per call, so norm clipping and step
 * counts (Adam's `t`) are per group, and an optimizer mapped under two keys is one group.
 * Optimizers whose group is empty are not called.
 *
 * Routing is recomputed on every call and never cached by the identity of the layer list
 * (neon keyed it by `id(layer_list)`, which Python recycles: its GAN loop mis-routed layers).
 *
 * A call is atomic: every group is resolved and validated (`Optimizer.validate`) before the
 * first group writes, and a parameter reached through two groups is rejected.
 *
 * State: `getState()` holds one document per distinct optimizer, keyed by the first mapping key
 * it appears under (`groups.default`, `groups.Dense`, ...); `setState` validates every group
 * before installing any.
 */
export class MultiOptimizer extends Optimizer {
  /** The mapping, as given (a frozen copy). */
  readonly mapping: Readonly<MultiOptimizerMapping>;
  readonly #optimizers: ReadonlyMap<string, Optimizer>;

  constructor(mapping: MultiOptimizerMapping) {
    super();
    this.#optimizers = readMapping(mapping);
    this.mapping = Object.freeze(Object.assign(Object.create(null) as object, Object.fromEntries(this.#optimizers))) as MultiOptimizerMapping;
  }

  /** The optimizer `layer` is routed to: by name, else by exact class name, else `default`. */
  optimizerFor(layer: Layer): Optimizer {
    return this.#optimizers.get(layer.name) ?? this.#optimizers.get(layerClassName(layer)) ?? this.#optimizers.get('default')!;
  }

  /**
   * The groups a call with `layerList` makes: each optimizer with the layers routed to it, in
   * order of first appearance. A container that has parameters of its own appears as a view
   * holding only those (its children are routed on their own).
   */
  route(layerList: readonly Layer[]): LayerGroup[] {
    return routeLayers(layerList, (layer) => this.optimizerFor(layer));
  }

  override optimize(layerList: readonly Layer[], epoch: number): void {
    const groups = this.prepare(layerList, epoch);
    // Every group is checked: from here on the call writes.
    for (const { optimizer, layers } of groups) optimizer.optimize(layers, epoch);
  }

  /** Routes the call and validates every group with its optimizer; writes nothing. */
  override validate(layerList: readonly Layer[], epoch: number): void {
    this.prepare(layerList, epoch);
  }

  /** The type name saved state carries: `"MultiOptimizer"`. */
  override get optimizerType(): string {
    return 'MultiOptimizer';
  }

  /** The type of the optimizer under each mapping key, e.g. `{ mapping: { default: "Adam" } }`. */
  override getConfig(): OptimizerConfig {
    const mapping: Record<string, string> = {};
    for (const [key, optimizer] of this.#optimizers) mapping[key] = optimizer.optimizerType ?? optimizer.constructor.name;
    return { mapping };
  }

  /**
   * One document per distinct optimizer (see the class comment). With `layerList`, each
   * optimizer's document covers exactly the layers routed to it (none: an empty one).
   */
  override getState(layerList?: readonly Layer[]): GroupedOptimizerState {
    return collectGroupsState(this.#optimizers, layerList ? this.route(layerList) : undefined);
  }

  /** Reads ahead every distinct optimizer's tensors (for `getStateAsync`), each for the layers routed to it. */
  override async prefetchState(layerList?: readonly Layer[]): Promise<void> {
    let groups: LayerGroup[] | undefined;
    try {
      groups = layerList ? this.route(layerList) : undefined;
    } catch {
      return; // getState throws the same error, typed
    }
    const layersOf = new Map(groups?.map((g) => [g.optimizer, g.layers]));
    await Promise.all(
      [...new Set(this.#optimizers.values())].map((optimizer) =>
        // An optimizer built against an older core has no prefetchState: getState reads it synchronously.
        typeof optimizer.prefetchState === 'function' ? optimizer.prefetchState(groups ? (layersOf.get(optimizer) ?? []) : undefined) : undefined,
      ),
    );
  }

  /** Validates every group with its optimizer's `prepareState` before any is installed. */
  override prepareState(state: unknown, layerList?: readonly Layer[], options?: StateOptions): PreparedState {
    return prepareGroupsState(this.#optimizers, state, layerList ? this.route(layerList) : undefined, options);
  }

  /** The distinct optimizers under the keys their state is saved under. */
  get stateGroups(): ReadonlyMap<string, Optimizer> {
    return stateKeys(this.#optimizers);
  }

  /** Disposes every distinct optimizer of the mapping once. */
  override dispose(): void {
    for (const optimizer of new Set(this.#optimizers.values())) optimizer.dispose?.();
  }

  private prepare(layerList: readonly Layer[], epoch: number): LayerGroup[] {
    checkEpoch(epoch);
    const groups = this.route(layerList);
    checkGroupsDisjoint(groups);
    for (const { optimizer, layers } of groups) {
      // Optimizers built against a core without `validate` cannot be checked ahead.
      if (typeof optimizer.validate === 'function') optimizer.validate(layers, epoch);
    }
    return groups;
  }
}
