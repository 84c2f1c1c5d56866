export type { Backend, UpdateRequest } from './backend/backend.js';
export { checkBatchSize } from './backend/batch-size.js';
export { createOpsBackend, type OpsBackendOptions } from './backend/ops-backend.js';
export { getBackend, setBackend } from './backend/registry.js';
export {
  BackendError,
  DescentError,
  type DescentErrorCode,
  InvalidOptionError,
  InvalidTensorError,
  InvalidUpdateError,
  isDescentError,
  SpecificationVersionError,
  StateError,
} from './errors.js';
export {
  defineUpdate,
  type UpdateContext,
  type UpdateDefinition,
  type UpdateResult,
  type UpdateRule,
  type UpdateScalars,
  type UpdateTensors,
} from './ir/define-update.js';
export { allFiniteOps, type EvaluatedUpdate, evaluateProgramOps, evaluateUpdateOps } from './ir/evaluate-ops.js';
export { type BinaryOp, Expr, type ExprLike, type ExprNode, POW2_ROUND_FLOOR, pow2Round, type TernaryOp, type UnaryOp } from './ir/expr.js';
export { compileProgram, type ProgramNode, type ProgramOutput, type ProgramSource, type UpdateProgram } from './ir/program.js';
export { getParamList, type Layer, layerClassName, type ParamEntry } from './layer.js';
export { describeValue } from './options/describe-value.js';
export { type NumberBounds, OptionReader } from './options/option-reader.js';
export { MAX_OPTION_LIST_LENGTH, readOwnFields, thrownMessage } from './options/read-own-fields.js';
export {
  CLIP_OPTION_NAMES,
  type ClipOptions,
  type PipelineSettings,
  readClipOptions,
  readSchedule,
  type ScheduleOption,
  SKIP_NON_FINITE_OPTION,
  type SkipNonFiniteOption,
  type StochasticRoundOption,
} from './options/pipeline-options.js';
export { ElementwiseOptimizer } from './optimizer/elementwise-optimizer.js';
export { Optimizer } from './optimizer/optimizer.js';
export { validateEntries } from './optimizer/validate-entries.js';
export { fusePipeline, PIPELINE_SCALARS, type PipelineFlags } from './pipeline/fuse-pipeline.js';
export { checkCounterValues } from './state/counters.js';
export { describeSchedule } from './state/describe-schedule.js';
export { checkJsonTree, FORBIDDEN_KEYS, MAX_STATE_DEPTH } from './state/json-tree.js';
export { nestStateError } from './state/nest-state-error.js';
export { readMaxBytes } from './state/read-max-bytes.js';
export { MAX_SAVED_RANK } from './state/saved-tensor.js';
export {
  DEFAULT_MAX_STATE_BYTES,
  type GroupedOptimizerState,
  type JsonValue,
  type OptimizerConfig,
  type OptimizerDescription,
  type OptimizerState,
  type ParamsOptimizerState,
  type PreparedState,
  type SavedParam,
  type SavedTensor,
  STATE_FORMAT,
  STATE_VERSION,
  type StateOptions,
} from './state/state-format.js';
export { readStateHeader } from './state/state-header.js';
export { entryPath } from './state/state-path.js';
export { checkEpoch } from './schedules/check-epoch.js';
export { ExpSchedule, type ExpScheduleOptions } from './schedules/exp-schedule.js';
export { PolySchedule, type PolyScheduleOptions } from './schedules/poly-schedule.js';
export { PowerSchedule, type PowerScheduleOptions } from './schedules/power-schedule.js';
export { type LearningRateSchedule, Schedule, type ScheduleOptions } from './schedules/schedule.js';
export { ShiftSchedule, type ShiftScheduleOptions } from './schedules/shift-schedule.js';
export { StepSchedule, type StepScheduleOptions } from './schedules/step-schedule.js';
export { assertSpecificationVersion, SPECIFICATION_VERSION, type SpecificationVersion } from './specification.js';
