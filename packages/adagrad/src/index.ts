export { Adagrad, type AdagradOptions, type AdagradScalars } from './adagrad.js';
