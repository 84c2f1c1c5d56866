export { acquireBackend, activateBackend, BACKEND_NAMES, type BackendAvailability, type BackendName, type ConformanceBackend } from './conformance/backends.js';
export { caseInputs, checkCase, checkRun, MANY_TENSORS, manyTensorInputs } from './conformance/checks/agreement.js';
export { checkAtomicity } from './conformance/checks/atomicity.js';
export { expectBitIdentical, expectSameValues } from './conformance/checks/bits.js';
export { checkCrossBackend, expectRepeatable } from './conformance/checks/cross-backend.js';
export { checkHostileOptions } from './conformance/checks/hostile-options.js';
export { checkLazyStates } from './conformance/checks/lazy-states.js';
export { checkNoLeaks } from './conformance/checks/leaks.js';
export { checkLongRun } from './conformance/checks/long-run.js';
export { checkInvalidAtStep, checkInvalidOption, invalidOptionCases, UNKNOWN_OPTION } from './conformance/checks/options.js';
export { checkSpecificationVersion } from './conformance/checks/specification.js';
export { checkStateRoundTrip } from './conformance/checks/state-round-trip.js';
export { invalidPipelineOptions, NAN_SCHEDULE, type PipelineOptionName } from './conformance/common-options.js';
export { type ConformanceCase, type ConformanceConfig, type LongRunConfig, resolveConfig, type ResolvedConfig } from './conformance/config.js';
export { describeOptimizerConformance } from './conformance/describe-conformance.js';
export { manyShapes, randomShapes, type RunInputs, runInputs, STEPS_PER_EPOCH } from './conformance/inputs.js';
export { ConformanceReport } from './conformance/report.js';
export { runOptimizer, type RunOptions, type RunValues } from './conformance/run.js';
export { expectClose, maxDifference, type Tolerance, TOLERANCE } from './expect-close.js';
export { type PipelineSeen, pipelineReference, type ReferenceCall, type ReferenceElement, type ReferenceSettings } from './pipeline-reference.js';
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
export { expectTypedRejection } from './expect-typed-rejection.js';
export { HostileError, hostileOptions, hostileValue } from './hostile-values.js';
export { type FuzzFailingFactorySettings, fuzzFailingFactory, fuzzOptions, type FuzzOptionsSettings } from './fuzz-options.js';
export { expectSteadyState, type SteadyStateOptions, type SteadyStateReport } from './steady-state.js';
export { type AtomicFaultOptions, expectAtomicFault, type Fault, type FaultContext, FAULTS, faultsFor, type FaultTarget } from './fault-injection.js';
export { expectSkipNonFinite, type SkipNonFiniteOptions } from './non-finite.js';
export { type BindingData, evaluatorReference, expectBitwiseAgreement, runBackendOnce } from './backend-kit/evaluator-reference.js';
export { buildGuardedProgram, guardedData, type GuardedSpec, guardedSpec, type RandomSelect } from './backend-kit/guarded-programs.js';
export { expectFloatsBitwise, expectFloatsClose, finiteScale } from './backend-kit/float-checks.js';
export {
  BINARY_OPS,
  bindingData,
  buildProgram,
  f32Value,
  leafNodes,
  opNode,
  pickOutputs,
  type ProgramLeaves,
  programSpec,
  type ProgramSpec,
  type ProgramWithScalars,
  type RandomOp,
  type ReductionLeaf,
  type ReductionChoice,
  SPECIAL_FLOATS,
  UNARY_OPS,
  uniformChain,
  type ValueKind,
} from './backend-kit/random-programs.js';
