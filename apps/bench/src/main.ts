// The benchmark of issue 4: Descent on @descent/backend-wasm vs tf.train on tfjs-backend-wasm
// and tfjs-backend-cpu vs a memory-bound reference loop. Not a test: it asserts nothing, it
// prints tables and PASS/FAIL lines for the targets and writes the results as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createBackend } from '@descent/backend-wasm';
import { setBackend } from '@descent/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectAlgorithms } from './algorithms.js';
import { loadAverage, machineInfo } from './machine.js';
import { parseOptions } from './options.js';
import { fmtSize, ratiosTable, targetsTable, timesTable } from './report.js';
import { type Cell, computeRatios, toCell } from './results.js';
import { runInterleaved } from './runner.js';
import { createSetup, type Setup, SETUP_KINDS, useTfBackend } from './setups.js';
import { checkTargets } from './targets.js';
import { trafficOf } from './traffic.js';

const ADAM = 'adam';
const LARGE = 1e7;

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  const algorithms = selectAlgorithms(options.algorithms);
  const names = new Map(algorithms.map((a) => [a.id, a.name]));

  // tfjs advertises tfjs-node when its backends start in Node: keep that out of the report.
  const log = console.log;
  console.log = () => {};
  const warn = console.warn;
  console.warn = () => {}; // tfjs-backend-cpu's, on its first tensor
  const backend = await createBackend();
  await useTfBackend('cpu');
  tf.tidy(() => tf.scalar(0));
  await useTfBackend('wasm');
  console.log = log;
  console.warn = warn;
  setBackend(backend);

  const machine = machineInfo();
  const loadBefore = loadAverage();
  const startedAt = new Date();
  const kinds = SETUP_KINDS.filter((k) => options.cpu || k !== 'tfjs-cpu');
  log(
    `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, tfjs ${tf.version_core}, ` +
      `backend-wasm SIMD ${backend.simd ? 'on' : 'off'}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
  );
  log(
    `${options.repeats} interleaved rounds per setup` +
      (options.cpu && options.sizes.some((n) => n >= LARGE) ? ` (tf.train on tfjs-cpu: ${Math.min(options.cpuRepeats, options.repeats)} rounds at N >= 1e7)` : '') +
      `, warm-up ${options.warmupMs} ms per setup, samples of ~${options.sampleMs} ms` +
      (options.quick ? ' (--quick)' : '') +
      (options.cpu ? '' : ', tfjs-cpu skipped (--no-cpu)'),
  );
  log('');

  const cells: Cell[] = [];
  const traffics = new Map<string, ReturnType<typeof trafficOf>>();
  for (const algorithm of algorithms) {
    const probe = algorithm.descent();
    traffics.set(algorithm.id, trafficOf(probe));
    probe.dispose();
  }
  for (const algorithm of algorithms) {
    const traffic = traffics.get(algorithm.id)!;
    const own: Cell[] = [];
    for (const n of options.sizes) {
      const setups: Setup[] = [];
      for (const tensors of options.tensors) {
        for (const kind of kinds) setups.push(await createSetup(kind, algorithm, traffic, n, tensors));
      }
      const t0 = Date.now();
      const samples = await runInterleaved(setups, {
        rounds: options.repeats,
        roundsOf: (s) => (s.kind === 'tfjs-cpu' && n >= LARGE ? Math.min(options.cpuRepeats, options.repeats) : options.repeats),
        warmupMs: options.warmupMs,
        sampleMs: options.sampleMs,
      });
      for (const s of samples) own.push(toCell(algorithm.id, n, traffic.bytesPerElement, s));
      await dispose(setups);
      process.stderr.write(`  [${algorithm.name}, N=${fmtSize(n)}: ${((Date.now() - t0) / 1000).toFixed(1)} s]\n`);
    }
    cells.push(...own);
    log(timesTable(algorithm, traffic, own, options.clock));
    log('');
  }

  // Cross-algorithm rounds: every algorithm's Descent step, interleaved in the same rounds, per
  // size and split, so that "time per byte vs Adam" compares steps taken seconds apart rather
  // than in groups run minutes apart under whatever load the machine had then.
  const crossCells: Cell[] = [];
  if (algorithms.length > 1 && algorithms.some((a) => a.id === ADAM)) {
    for (const n of options.sizes) {
      for (const tensors of options.tensors) {
        const setups: Setup[] = [];
        for (const algorithm of algorithms) setups.push(await createSetup('descent', algorithm, traffics.get(algorithm.id)!, n, tensors));
        const t0 = Date.now();
        const samples = await runInterleaved(setups, {
          rounds: options.repeats,
          roundsOf: () => options.repeats,
          warmupMs: options.warmupMs,
          sampleMs: options.sampleMs,
        });
        samples.forEach((s, i) => crossCells.push(toCell(algorithms[i]!.id, n, traffics.get(algorithms[i]!.id)!.bytesPerElement, s)));
        await dispose(setups);
        process.stderr.write(`  [all algorithms (Descent), N=${fmtSize(n)}, ${tensors} tensors: ${((Date.now() - t0) / 1000).toFixed(1)} s]\n`);
      }
    }
  }

  const ratios = { wall: computeRatios(cells, crossCells, ADAM, 'wall'), cpu: computeRatios(cells, crossCells, ADAM, 'cpu') };
  const targets = { wall: checkTargets(ratios.wall, names, ADAM), cpu: checkTargets(ratios.cpu, names, ADAM) };
  const loadAfter = loadAverage();
  log(
    `Ratios by the ${options.clock === 'wall' ? 'wall clock' : 'CPU time'}, of the medians; in brackets the range of the ` +
      'per-round paired ratios (samples of the same round, seconds apart). "per byte vs Adam" comes from rounds ' +
      "interleaving every algorithm's Descent step.",
  );
  log(ratiosTable(ratios[options.clock], names));
  log('');
  log('Targets (issue 4), by both clocks');
  log(targetsTable(targets.wall, targets.cpu));
  log('');
  log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);

  const json = resolve(options.json);
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(
    json,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: { ...machine, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
        tfjs: tf.version_core,
        backendWasm: { simd: backend.simd, stats: backend.stats },
        options,
        traffic: Object.fromEntries(traffics),
        cells,
        crossCells,
        ratios,
        targets,
      },
      null,
      2,
    )}\n`,
  );
  log(`results written to ${json}`);
  backend.dispose();
}

/** Disposes setups, each with its tfjs backend active; leaves "wasm" active. */
async function dispose(setups: readonly Setup[]): Promise<void> {
  for (const s of setups) {
    await useTfBackend(s.tfBackend);
    s.dispose();
  }
  await useTfBackend('wasm');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
