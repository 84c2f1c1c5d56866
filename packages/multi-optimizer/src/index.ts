export { MultiOptimizer } from './multi-optimizer.js';
export type { MultiOptimizerMapping } from './read-mapping.js';
export type { LayerGroup } from './route-layers.js';
