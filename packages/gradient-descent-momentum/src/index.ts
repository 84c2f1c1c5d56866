export { GradientDescentMomentum, type GradientDescentMomentumOptions, type GradientDescentMomentumScalars } from './gradient-descent-momentum.js';
