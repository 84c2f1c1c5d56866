/**
 * The saved-state document: versioned, JSON-serialisable, keyed by parameter **name** (never
 * by position). `JSON.stringify(optimizer.getState())` is a complete checkpoint of the
 * optimizer; the parameters themselves are the model's to save.
 */

/** The `format` field of every optimizer-state document. */
export const STATE_FORMAT = 'descent.optimizer-state';

/** The document version this core writes and reads. */
export const STATE_VERSION = 1;

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** An optimizer's hyperparameters as saved (informational: not checked on load). */
export type OptimizerConfig = { readonly [key: string]: JsonValue };

/** What optimizer wrote a document: its type (checked on load) and its config. */
export interface OptimizerDescription {
  /** The optimizer's `optimizerType`, e.g. `"Adam"`; loading into another type is refused. */
  readonly type: string;
  /** Its hyperparameters (`getConfig()`), absent for composites. */
  readonly config?: OptimizerConfig;
}

/** One state tensor: float32 values, little-endian, base64 (bit-exact and compact). */
export interface SavedTensor {
  /** The tensor's shape (the param's). */
  readonly shape: readonly number[];
  /** Always float32. */
  readonly dtype: 'float32';
  /** Base64 of the little-endian float32 bytes, row-major. */
  readonly data: string;
}

/** The states of one parameter, in the optimizer's state order (empty: not created yet). */
export interface SavedParam {
  /** The states, in the optimizer's order. */
  readonly states: readonly SavedTensor[];
}

/** The state of an optimizer that keeps per-parameter tensors (every `ElementwiseOptimizer`). */
export interface ParamsOptimizerState {
  /** Always {@link STATE_FORMAT}. */
  readonly format: typeof STATE_FORMAT;
  /** The document version, {@link STATE_VERSION}. */
  readonly version: typeof STATE_VERSION;
  /** The optimizer that wrote it. */
  readonly optimizer: OptimizerDescription;
  /** Step counters, e.g. `{ t: 12 }` for Adam; `{}` for optimizers that count nothing. */
  readonly counters: { readonly [name: string]: number };
  /** Per parameter name (`param.name`, the tf.Variable's name). */
  readonly params: { readonly [paramName: string]: SavedParam };
}

/** The state of a composite optimizer (MultiOptimizer): one document per inner optimizer. */
export interface GroupedOptimizerState {
  /** Always {@link STATE_FORMAT}. */
  readonly format: typeof STATE_FORMAT;
  /** The document version, {@link STATE_VERSION}. */
  readonly version: typeof STATE_VERSION;
  /** The optimizer that wrote it. */
  readonly optimizer: OptimizerDescription;
  /** Per inner optimizer, keyed by the first mapping key it appears under. */
  readonly groups: { readonly [key: string]: OptimizerState };
}

/** Any saved optimizer state. */
export type OptimizerState = ParamsOptimizerState | GroupedOptimizerState;

/** The default of {@link StateOptions.maxBytes}: 256 MiB of tensor data. */
export const DEFAULT_MAX_STATE_BYTES = 256 * 1024 * 1024;

/** Options for restoring state. */
export interface StateOptions {
  /**
   * The most tensor data a document may carry, in decoded bytes (4 per float32 element),
   * over all its tensors together; default {@link DEFAULT_MAX_STATE_BYTES}. Larger
   * documents are refused with a `StateError` before anything is decoded.
   */
  readonly maxBytes?: number;
}

/**
 * A validated state, ready to install: `setState` is `prepareState(...).install()`. Composite
 * optimizers prepare every part before installing any, so that loading stays atomic.
 */
export interface PreparedState {
  /** Decoded bytes of tensor data this state carries (counted against `maxBytes`). */
  readonly bytes: number;
  /** Installs the state. Call it at most once, right away (before the optimizer is used). */
  install(): void;
}
