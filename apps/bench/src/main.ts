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
import { ratiosTable, targetLines, timesTable, fmtSize } from './report.js';
import { computeRatios, type Cell, toCell } from './results.js';
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

  // tfjs advertises tfjs-node on console.log when a backend starts in Node: keep it out of the report.
  const log = console.log;
  console.log = () => {};
  const backend = await createBackend();
  await useTfBackend('cpu');
  await useTfBackend('wasm');
  console.log = log;
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
  const traffics = [];
  for (const algorithm of algorithms) {
    const probe = algorithm.descent();
    const traffic = trafficOf(probe);
    probe.dispose();
    traffics.push({ algorithm: algorithm.id, ...traffic });
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
      await useTfBackend('wasm');
      for (const s of setups) {
        await useTfBackend(s.tfBackend);
        s.dispose();
      }
      await useTfBackend('wasm');
      process.stderr.write(`  [${algorithm.name}, N=${fmtSize(n)}: ${((Date.now() - t0) / 1000).toFixed(1)} s]\n`);
    }
    cells.push(...own);
    log(timesTable(algorithm, traffic, own));
    log('');
  }

  const ratios = computeRatios(cells, ADAM);
  const targets = checkTargets(ratios, names, ADAM);
  const loadAfter = loadAverage();
  log('Ratios: median-based; in brackets the range of the per-round paired ratios (same round, seconds apart)');
  log(ratiosTable(ratios, names));
  log('');
  log('Targets (issue 4)');
  log(targetLines(targets));
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
        traffic: traffics,
        cells,
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
