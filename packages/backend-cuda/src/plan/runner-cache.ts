import type { UpdateProgram } from '@descent/core';
import { ProgramRunner } from './program-runner.js';

/**
 * One `ProgramRunner` per program object (each optimizer owns its program, so two
 * optimizers never thrash each other's cached scalars), least recently used first out.
 */
export class RunnerCache {
  readonly #runners = new Map<UpdateProgram, ProgramRunner>();
  readonly #capacity: number;
  #created = 0;
  #retiredUploads = 0;

  constructor(capacity = 64) {
    this.#capacity = capacity;
  }

  /** Runners created so far. */
  get created(): number {
    return this.#created;
  }

  /** Scalar uploads of every runner so far, evicted ones included. */
  get uploads(): number {
    let total = this.#retiredUploads;
    for (const runner of this.#runners.values()) total += runner.uploads;
    return total;
  }

  /** The runner of `program`, created on first use. */
  get(program: UpdateProgram): ProgramRunner {
    let runner = this.#runners.get(program);
    if (runner !== undefined) {
      // Re-inserted: Map order is then least to most recently used.
      this.#runners.delete(program);
    } else {
      runner = new ProgramRunner(program);
      this.#created++;
      if (this.#runners.size >= this.#capacity) this.#evict(this.#runners.keys().next().value!);
    }
    this.#runners.set(program, runner);
    return runner;
  }

  /** Frees every runner's cached tensors. */
  clear(): void {
    for (const program of [...this.#runners.keys()]) this.#evict(program);
  }

  #evict(program: UpdateProgram): void {
    const runner = this.#runners.get(program)!;
    this.#retiredUploads += runner.uploads;
    runner.dispose();
    this.#runners.delete(program);
  }
}
