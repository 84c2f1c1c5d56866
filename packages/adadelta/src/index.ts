export { Adadelta, type AdadeltaOptions, type AdadeltaScalars, type AdadeltaStates } from './adadelta.js';
