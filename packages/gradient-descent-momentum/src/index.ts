export { GradientDescentMomentum, type GradientDescentMomentumOptions } from './gradient-descent-momentum.js';
