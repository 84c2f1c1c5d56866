export { ShiftAdaMax, type ShiftAdaMaxOptions, type ShiftAdaMaxScalars } from './shift-adamax.js';
