export { RMSProp, type RMSPropOptions, type RMSPropScalars } from './rmsprop.js';
