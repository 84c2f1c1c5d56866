/**
 * Typed errors. Every rejection Descent makes is one of these, and its message names the
 * option, tensor or field at fault. Errors are branded with `Symbol.for` keys so that
 * `isDescentError` works across duplicated copies of this package in one process.
 */

const BRAND = Symbol.for('descent.error');

/** What kind of fault an error reports; stable strings, safe to switch on. */
export type DescentErrorCode =
  | 'INVALID_OPTION'
  | 'INVALID_TENSOR'
  | 'INVALID_UPDATE'
  | 'BACKEND'
  | 'STATE'
  | 'SPECIFICATION_VERSION';

/** Base class of every error Descent throws on purpose. */
export class DescentError extends Error {
  /** What kind of fault this is. */
  readonly code: DescentErrorCode;
  /** The brand `isDescentError` checks (a `Symbol.for` key: shared by every copy of this package). */
  readonly [BRAND] = true;

  constructor(code: DescentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A constructor option (or a schedule or backend setting) has a bad value. */
export class InvalidOptionError extends DescentError {
  /** The option's name, e.g. `"learningRate"`. */
  readonly option: string;
  /** `options.cause`: what was thrown while reading the option (a getter, a Proxy trap), if anything. */
  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super('INVALID_OPTION', message, options);
    this.option = option;
  }
}

/** A tensor handed to `optimize()` is unusable (shape, dtype, disposed, missing). */
export class InvalidTensorError extends DescentError {
  /** The tensor's name as the message gives it, e.g. `param "dense/kernel"`. */
  readonly tensor: string;
  constructor(tensor: string, message: string) {
    super('INVALID_TENSOR', message);
    this.tensor = tensor;
  }
}

/** An update rule (`defineUpdate`) is malformed. */
export class InvalidUpdateError extends DescentError {
  constructor(message: string) {
    super('INVALID_UPDATE', message);
  }
}

/** A backend could not be created or could not run an update. */
export class BackendError extends DescentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND', message, options);
  }
}

/** Saved optimizer state could not be produced or restored. */
export class StateError extends DescentError {
  /** The field at fault, as a path such as `states["dense/kernel"][0].shape`. */
  readonly field: string;
  constructor(field: string, message: string) {
    super('STATE', message);
    this.field = field;
  }
}

/** A plugin (optimizer or backend) was built for a contract version this core does not speak. */
export class SpecificationVersionError extends DescentError {
  constructor(message: string) {
    super('SPECIFICATION_VERSION', message);
  }
}

/** True for any error thrown by any copy of Descent (never throws, even on a hostile Proxy). */
export function isDescentError(value: unknown): value is DescentError {
  try {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    return false; // a Proxy whose get trap throws is not one of ours
  }
}
