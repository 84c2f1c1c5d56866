import type { Tolerance } from '../expect-close.js';
import type { BackendAvailability, BackendName } from './backends.js';
import type { ResolvedConfig } from './config.js';

const describeTolerance = (t: Tolerance): string => `${t.relative} relative + ${t.absolute} absolute`;

/**
 * What one `describeOptimizerConformance` call ran: filled in as its tests run, printed when
 * its suite ends. `ran` lists the backends whose checks ran, `unavailable` the others with
 * the reason.
 */
export class ConformanceReport {
  /** The optimizer's name. */
  readonly name: string;
  /** Backends the checks ran on, in order. */
  readonly ran: BackendName[] = [];
  /** Backends that were tried but could not be had here, with why. */
  readonly unavailable: {
    /** The backend. */
    readonly backend: BackendName;
    /** Why it could not be had. */
    readonly reason: string;
  }[] = [];
  readonly #config: ResolvedConfig<unknown>;

  constructor(config: ResolvedConfig<unknown>) {
    this.name = config.name;
    this.#config = config;
  }

  /** Notes a backend's availability (once per backend). */
  record(backend: BackendName, availability: BackendAvailability): void {
    if (this.ran.includes(backend) || this.unavailable.some((u) => u.backend === backend)) return;
    if (availability.available) this.ran.push(backend);
    else this.unavailable.push({ backend, reason: availability.reason });
  }

  /** The report as printed: backends, reference, tolerances, state round trip. */
  text(): string {
    const c = this.#config;
    const lines = [
      `[@descent/testing] conformance of ${this.name} (seed ${c.seed}, ${c.cases.length} case(s), ${c.steps} steps each)`,
      `  ran on: ${this.ran.length > 0 ? this.ran.join(', ') : 'no backend'}`,
      ...this.unavailable.map((u) => `  not run on ${u.backend}: ${u.reason}`),
      c.reference
        ? `  float64 reference: checked after every step, within ${describeTolerance(c.tolerance)}`
        : '  float64 reference: none given; numbers are only compared across backends',
      `  across backends: within ${describeTolerance(c.crossBackendTolerance)}${this.ran.length < 2 ? ' (fewer than two backends ran: not compared)' : ''}`,
      c.knownOptions ? `  hostile options: fuzzed over ${c.knownOptions.length} option name(s)` : '  hostile options: not fuzzed (no "knownOptions")',
      c.longRun ? `  long run: ${c.longRun.steps} steps on ops, steady state` : '  long run: none (no "longRun")',
      c.state.enabled ? '  state round trip (getState/setState): checked' : `  state round trip (getState/setState): OFF, because: ${c.state.reason}`,
    ];
    return lines.join('\n');
  }
}
