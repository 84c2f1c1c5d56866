import { SpecificationVersionError } from './errors.js';
import { describeValue } from './options/describe-value.js';
import { thrownMessage } from './options/read-own-fields.js';

/**
 * The version of the plugin contract (Optimizer, Backend, update programs) this core speaks.
 * A plugin declares the version it was built for; core refuses any other with a clear error
 * instead of failing in some unrelated place later.
 */
export const SPECIFICATION_VERSION = 'v1' as const;

/** The type of {@link SPECIFICATION_VERSION}. */
export type SpecificationVersion = typeof SPECIFICATION_VERSION;

/** Throws unless `subject` declares the contract version this core speaks. */
export function assertSpecificationVersion(kind: string, subject: { specificationVersion?: unknown }): void {
  let declared: unknown;
  try {
    declared = subject.specificationVersion;
  } catch (error) {
    throw new SpecificationVersionError(`${kind}: could not read its specificationVersion: ${thrownMessage(error)}`);
  }
  if (declared !== SPECIFICATION_VERSION) {
    const shown = typeof declared === 'string' ? JSON.stringify(declared.slice(0, 40)) : describeValue(declared);
    throw new SpecificationVersionError(
      `${kind} declares specificationVersion ${shown}, but this @descent/core ` +
        `implements "${SPECIFICATION_VERSION}". Install versions of the plugin and @descent/core ` +
        'that share a specification version.',
    );
  }
}
