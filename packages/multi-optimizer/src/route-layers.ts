import { InvalidOptionError, type Layer, layerClassName, type Optimizer } from '@descent/core';

/** The layers one optimizer receives in one call, in the order they were met. */
export interface LayerGroup {
  /** The optimizer the layers are routed to. */
  readonly optimizer: Optimizer;
  /** Its layers, in order of appearance (a container with own params appears as a view of those). */
  readonly layers: Layer[];
}

/**
 * A container that also has parameters of its own is handed to its optimizer as this view:
 * its own parameters only, so that its children (routed on their own) are not updated twice.
 */
function ownParamsView(layer: Layer & { getParams(): ReturnType<NonNullable<Layer['getParams']>> }): Layer {
  return Object.freeze({
    name: layer.name,
    className: layerClassName(layer),
    getParams: () => layer.getParams(),
  });
}

/**
 * Walks `layerList` like `getParamList` (containers recursively, depth first, a layer before
 * its children) and groups every layer that has parameters by the optimizer `pick` chooses
 * for it. Groups come in order of first appearance; nothing is cached between calls.
 */
export function routeLayers(layerList: readonly Layer[], pick: (layer: Layer) => Optimizer): LayerGroup[] {
  if (!Array.isArray(layerList)) {
    throw new InvalidOptionError('layerList', 'MultiOptimizer: "layerList" must be an array of layers');
  }
  const groups = new Map<Optimizer, Layer[]>();
  const path = new Set<Layer>();
  const visit = (layers: readonly Layer[]): void => {
    for (const layer of layers) {
      if (typeof layer !== 'object' || layer === null) {
        throw new InvalidOptionError('layerList', `MultiOptimizer: layer list holds ${String(layer)}, not a layer`);
      }
      if (path.has(layer)) {
        throw new InvalidOptionError('layerList', `layer "${layer.name}" contains itself`);
      }
      const hasParams = typeof layer.getParams === 'function' && layer.getParams().length > 0;
      if (hasParams) {
        const optimizer = pick(layer);
        const routed = layer.layers ? ownParamsView(layer as Parameters<typeof ownParamsView>[0]) : layer;
        const group = groups.get(optimizer);
        if (group) group.push(routed);
        else groups.set(optimizer, [routed]);
      }
      if (layer.layers) {
        path.add(layer);
        visit(layer.layers);
        path.delete(layer);
      }
    }
  };
  visit(layerList);
  return [...groups].map(([optimizer, layers]) => ({ optimizer, layers }));
}
