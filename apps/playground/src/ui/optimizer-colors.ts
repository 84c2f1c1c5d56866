import type { OptimizerName } from '@descent/example-kit';

/** One colour per optimizer, the same in every view. */
export const OPTIMIZER_COLORS: Readonly<Record<OptimizerName, string>> = {
  gdm: '#1f77b4',
  nesterov: '#17becf',
  rmsprop: '#d62728',
  adagrad: '#9467bd',
  adadelta: '#8c564b',
  adam: '#ff7f0e',
  'shift-adamax': '#e377c2',
  multi: '#2ca02c',
};
