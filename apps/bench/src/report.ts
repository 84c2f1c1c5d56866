import Table from 'cli-table3';
import type { Algorithm } from './algorithms.js';
import type { Cell, Ratio, Ratios } from './results.js';
import type { Clock } from './runner.js';
import { SETUP_KINDS, SETUP_LABELS } from './setups.js';
import type { TargetCheck } from './targets.js';
import type { Traffic } from './traffic.js';

const plain = { head: [] as string[], border: [] as string[], compact: true };

/** 3 significant digits, without exponent notation for the sizes met here. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 10) return value.toFixed(2);
  if (abs >= 1) return value.toFixed(3);
  return value.toPrecision(3);
}

export const fmtSize = (n: number): string => n.toExponential(0).replace('e+', 'e');

function fmtRatio(r: Ratio | undefined, suffix: string): string {
  if (r === undefined) return '—';
  const main = `${fmt(r.ofMedians)}${suffix}`;
  return r.paired ? `${main} (${fmt(r.paired.min)}–${fmt(r.paired.max)})` : main;
}

/**
 * One table per algorithm: every setup's time per step by both clocks, and per element and
 * bandwidth by `clock`.
 */
export function timesTable(algorithm: Algorithm, traffic: Traffic, cells: readonly Cell[], clock: Clock): string {
  const reads = traffic.reads.map((s) => traffic.slots[s]).join(', ');
  const writes = traffic.writes.map((s) => traffic.slots[s]).join(', ');
  const title = `${algorithm.name} vs ${algorithm.tfName}: ${traffic.bytesPerElement} B/element (reads ${reads}; writes ${writes})`;
  const table = new Table({
    head: ['N', 'tensors', 'setup', 'wall ms/step', 'wall min–max', 'cpu ms/step', 'cpu min–max', `ns/elem (${clock})`, `GB/s (${clock})`, 'samples×steps'],
    style: plain,
    colAligns: ['right', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  const ordered = [...cells].sort(
    (a, b) => a.n - b.n || a.tensors - b.tensors || SETUP_KINDS.indexOf(a.kind) - SETUP_KINDS.indexOf(b.kind),
  );
  for (const c of ordered) {
    table.push([
      fmtSize(c.n),
      String(c.tensors),
      SETUP_LABELS[c.kind],
      fmt(c.wall.ms.median),
      `${fmt(c.wall.ms.min)}–${fmt(c.wall.ms.max)}`,
      fmt(c.cpu.ms.median),
      `${fmt(c.cpu.ms.min)}–${fmt(c.cpu.ms.max)}`,
      fmt(c[clock].nsPerElement),
      c[clock].gbPerSecond.toFixed(1),
      `${c.wall.ms.count}×${c.stepsPerSample}`,
    ]);
  }
  return `${title}\n${table.toString()}`;
}

/** The comparisons of every algorithm, size and split. */
export function ratiosTable(ratios: readonly Ratios[], names: ReadonlyMap<string, string>): string {
  const table = new Table({
    head: ['algorithm', 'N', 'tensors', '× tf-wasm', '× tf-cpu', '% of reference', 'vs 1 tensor', 'ref. vs 1 tensor', 'per byte vs Adam', 'ref. per byte vs Adam'],
    style: plain,
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const r of ratios) {
    table.push([
      names.get(r.algorithm) ?? r.algorithm,
      fmtSize(r.n),
      String(r.tensors),
      fmtRatio(r.vsTfWasm, '×'),
      fmtRatio(r.vsTfCpu, '×'),
      fmtRatio(r.percentOfReference, '%'),
      fmtRatio(r.splitVsOne, '×'),
      fmtRatio(r.referenceSplitVsOne, '×'),
      fmtRatio(r.perByteVsAdam, '×'),
      fmtRatio(r.referencePerByteVsAdam, '×'),
    ]);
  }
  return table.toString();
}

/** The target checks by both clocks, side by side (the same checks, in the same order). */
export function targetsTable(wall: readonly TargetCheck[], cpu: readonly TargetCheck[]): string {
  const value = (c: TargetCheck) => (c.limit.includes('%') && !c.limit.includes('within') ? `${fmt(c.value)}%` : `${fmt(c.value)}×`);
  const table = new Table({
    head: ['target', 'case', 'limit', 'wall clock', '', 'cpu time', ''],
    style: plain,
    colAligns: ['left', 'left', 'left', 'right', 'left', 'right', 'left'],
  });
  wall.forEach((w, i) => {
    const c = cpu[i];
    table.push([w.target, w.subject, w.limit, value(w), w.pass ? 'PASS' : 'FAIL', c ? value(c) : '—', c ? (c.pass ? 'PASS' : 'FAIL') : '']);
  });
  const count = (checks: readonly TargetCheck[]) => `${checks.filter((c) => c.pass).length} of ${checks.length}`;
  return `${table.toString()}\npassing: ${count(wall)} by the wall clock, ${count(cpu)} by CPU time`;
}
