import { performance } from 'node:perf_hooks';
import { type Setup, useTfBackend } from './setups.js';

/** The two clocks every sample is read with. */
export type Clock = 'wall' | 'cpu';
export const CLOCKS: readonly Clock[] = ['wall', 'cpu'];

/** How one group of setups is timed. */
export interface RunPlan {
  /** Interleaved rounds: each setup takes one sample per round. */
  readonly rounds: number;
  /** Rounds a setup may take part in (e.g. tfjs-cpu at 1e7 takes part in the first few only). */
  readonly roundsOf: (setup: Setup) => number;
  /** Warm-up per setup: at least this long (and at least 2 steps, or 1 step when a step takes over a second). */
  readonly warmupMs: number;
  /** A sample runs as many back-to-back steps as fit in about this long (at least one). */
  readonly sampleMs: number;
}

/** Per-step times of one setup, one per round it took part in. */
export interface Samples {
  readonly setup: Setup;
  /** Milliseconds per step by each clock, one value per sample (a sample's time / its steps). */
  readonly msPerStep: Record<Clock, number[]>;
  /** The round of each sample (to pair samples of different setups taken in the same round). */
  readonly rounds: number[];
  /** Steps per sample. */
  readonly stepsPerSample: number;
  /** Steps run while warming up. */
  readonly warmupSteps: number;
}

/**
 * Times `steps` steps by the wall clock and by this process's CPU time (user + system, all its
 * threads). On a time-shared machine the wall clock also counts the time the process waited
 * for a core; CPU time does not (both count the effect of others on caches and memory).
 */
function timeSteps(setup: Setup, steps: number): Record<Clock, number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) setup.step();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall: wall / steps, cpu: (c.user + c.system) / 1000 / steps };
}

/**
 * Warms every setup up (compilation, V8's tier-up of the kernels, tf.train's lazily created
 * accumulators, copy-on-write, caches), calibrates how many steps a sample takes, then runs
 * the rounds: in each round every setup takes one sample, in an order rotated by one each
 * round, so that a burst of load from other processes hits all setups alike.
 */
export async function runInterleaved(setups: readonly Setup[], plan: RunPlan): Promise<Samples[]> {
  const results: Samples[] = [];
  for (const setup of setups) {
    await useTfBackend(setup.tfBackend);
    let steps = 0;
    let fastest = Infinity;
    const t0 = performance.now();
    for (;;) {
      const last = timeSteps(setup, 1).wall;
      steps++;
      // The first step is not steady (compilation, lazily created state): calibrate on the others.
      if (steps > 1 || last >= 1000) fastest = Math.min(fastest, last);
      const elapsed = performance.now() - t0;
      if ((steps >= 2 && elapsed >= plan.warmupMs) || (last >= 1000 && elapsed >= plan.warmupMs / 4)) break;
    }
    // Calibrate on the fastest steady step: on a busy machine a sample then lasts sampleMs or more.
    const stepsPerSample = Math.max(1, Math.round(plan.sampleMs / Math.max(fastest, 1e-3)));
    results.push({ setup, msPerStep: { wall: [], cpu: [] }, rounds: [], stepsPerSample, warmupSteps: steps });
  }
  for (let round = 0; round < plan.rounds; round++) {
    for (let k = 0; k < results.length; k++) {
      const r = results[(k + round) % results.length]!;
      if (round >= plan.roundsOf(r.setup)) continue;
      await useTfBackend(r.setup.tfBackend);
      const t = timeSteps(r.setup, r.stepsPerSample);
      r.msPerStep.wall.push(t.wall);
      r.msPerStep.cpu.push(t.cpu);
      r.rounds.push(round);
    }
  }
  return results;
}
