// Running a program once, the evaluator reference, float checks and seeded values are
// @descent/testing's backend kit.
export {
  runBackendOnce as runOn,
  type BindingData,
  evaluatorReference as reference,
  expectBitwiseAgreement,
  expectFloatsBitwise as expectBitwise,
  expectFloatsClose as expectClose,
  seeded as rng,
  sizeOf,
} from '@descent/testing';
