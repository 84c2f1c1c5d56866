export { RMSProp, type RMSPropOptions } from './rmsprop.js';
