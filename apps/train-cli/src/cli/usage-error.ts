/**
 * A problem with what the user asked for (a bad flag or value, a backend that is not there, a
 * checkpoint that does not fit): the CLI prints its message and exits with code 2.
 */
export class UsageError extends Error {
  /** The flag at fault, e.g. `--lr`, when there is one. */
  readonly flag: string | undefined;

  constructor(message: string, options: { flag?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UsageError';
    this.flag = options.flag;
  }
}

/** The exit code for a {@link UsageError}, as for a bad command line. */
export const USAGE_EXIT_CODE = 2;
