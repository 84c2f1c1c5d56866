import { getParamList, type Layer, Optimizer } from '@descent/core';

/** Records the layers and params of each optimize() call; updates nothing. */
export class SpyOptimizer extends Optimizer {
  readonly calls: { layers: string[]; params: unknown[] }[] = [];
  override optimize(layerList: readonly Layer[]): void {
    this.calls.push({ layers: layerList.map((l) => l.name), params: getParamList(layerList).map((e) => e.param) });
  }
}
