export { Adagrad, type AdagradOptions } from './adagrad.js';
