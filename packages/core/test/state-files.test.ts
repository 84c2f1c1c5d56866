import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecificationVersionError, StateError } from '@descent/core';
import { loadState, saveState } from '@descent/core/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bits, Counting, disposeAll, makeLayers, setStepGrads, tf } from './state-support.js';

const dir = mkdtempSync(join(tmpdir(), 'descent-state-'));
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
afterEach(() => tf.disposeVariables());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trained(steps: number) {
  const layers = makeLayers(21);
  const optimizer = new Counting();
  for (let s = 0; s < steps; s++) {
    setStepGrads(layers, s);
    optimizer.optimize(layers, 0);
  }
  return { layers, optimizer };
}

describe('saveState / loadState (@descent/core/node)', () => {
  it('round-trips through a file, leaving no temporary file behind', async () => {
    const { layers, optimizer } = trained(3);
    const path = join(dir, 'roundtrip.json');
    await saveState(optimizer, path);
    expect(readdirSync(dir).filter((f) => f.includes('roundtrip'))).toEqual(['roundtrip.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(optimizer.getState());
    const expected = bits(layers);
    const restored = new Counting();
    await loadState(restored, path, layers);
    expect(restored.calls).toBe(3);
    expect(bits(layers)).toEqual(expected);
    disposeAll(layers);
  });

  it('replaces an existing file whole; a failing save leaves it untouched and cleans up', async () => {
    const { layers, optimizer } = trained(1);
    const path = join(dir, 'replace.json');
    writeFileSync(path, 'old contents');
    await saveState(optimizer, path, layers);
    expect(JSON.parse(readFileSync(path, 'utf8')).counters).toEqual({ calls: 1 });

    // getState fails (NaN state): nothing is written.
    layers[0]!.setGrads([new Array(12).fill(Number.NaN), new Array(4).fill(0)]);
    optimizer.optimize([layers[0]!], 0);
    await expect(saveState(optimizer, path)).rejects.toThrow(StateError);
    expect(JSON.parse(readFileSync(path, 'utf8')).counters).toEqual({ calls: 1 });

    // rename fails (the target is a directory): the temporary file is removed.
    const target = join(dir, 'is-a-directory');
    mkdirSync(target);
    await expect(saveState(new Counting(), target)).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    disposeAll(layers);
  });

  it('refuses files that are not JSON, too large, or invalid, changing nothing', async () => {
    const { layers, optimizer } = trained(2);
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"format": "descent.optimizer-state", ');
    await expect(loadState(optimizer, path, layers)).rejects.toThrow(/not JSON/);
    await saveState(optimizer, path);
    await expect(loadState(optimizer, path, layers, { maxBytes: 0 })).rejects.toThrow(StateError);
    writeFileSync(path, JSON.stringify({ ...optimizer.getState(), version: 9 }));
    await expect(loadState(optimizer, path, layers)).rejects.toMatchObject({ field: 'version' });
    expect(optimizer.calls).toBe(2);
    await expect(loadState(optimizer, join(dir, 'missing.json'))).rejects.toThrow(/ENOENT/);
    disposeAll(layers);
  });

  it('refuses an optimizer built for another specification version before writing or reading a file', async () => {
    const { layers, optimizer } = trained(1);
    const path = join(dir, 'version.json');
    await saveState(optimizer, path);
    const before = readFileSync(path, 'utf8');
    const foreign = Object.assign(new Counting(), { specificationVersion: 'v2' });
    await expect(saveState(foreign, path)).rejects.toThrow(SpecificationVersionError);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await expect(loadState(foreign, path, layers)).rejects.toThrow(/loadState: "optimizer" declares specificationVersion "v2"/);
    expect(foreign.calls).toBe(0);
    disposeAll(layers);
  });
});
