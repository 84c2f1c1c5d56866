export { expectClose, maxDifference, type Tolerance, TOLERANCE } from './expect-close.js';
export { randomValues, seeded, sizeOf } from './seeded.js';
export { TestModel } from './test-model.js';
export {
  type ReferenceModel,
  type ReferenceStep,
  referenceTrajectory,
  runTrajectory,
  SHAPES,
  type TrajectoryOptions,
} from './trajectory.js';
