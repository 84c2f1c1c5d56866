export { ShiftAdaMax, type ShiftAdaMaxOptions } from './shift-adamax.js';
