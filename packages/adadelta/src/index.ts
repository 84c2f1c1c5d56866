export { Adadelta, type AdadeltaOptions } from './adadelta.js';
