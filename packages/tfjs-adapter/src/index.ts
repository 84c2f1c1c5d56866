export { asTfOptimizer, DescentOptimizer, type DescentOptimizerOptions, type EpochCallback, trackEpochs } from './descent-optimizer.js';
export { layersFromModel } from './layers-from-model.js';
export type { TfjsLayer, TfjsModel, TfjsWeight } from './model-layers.js';
export type { VariableGradients } from './step-layers.js';
export { stepVariables, type StepVariablesOptions, variableEntriesOf } from './step-variables.js';
export { VariableEntries } from './variable-entries.js';
