export { Adam, type AdamOptions, type AdamScalars } from './adam.js';
