import { describe, expect, it } from 'vitest';
import { ForcedFrees } from '../src/runtime/forced-frees.js';

/** Stands in for tfjs-wasm's BackendWasm: `disposeData` on the prototype, as there. */
class FakeBackend {
  readonly freed: [object, boolean | undefined][] = [];
  disposeData(dataId: object, force?: boolean): boolean {
    this.freed.push([dataId, force]);
    return true;
  }
}

describe('ForcedFrees', () => {
  it('counts only forced frees, and passes every call on with its arguments and result', () => {
    const backend = new FakeBackend();
    const frees = new ForcedFrees(backend);
    const a = {};
    const b = {};
    expect(backend.disposeData(a)).toBe(true);
    expect(backend.disposeData(b, false)).toBe(true);
    expect(frees.count).toBe(0);
    backend.disposeData(a, true);
    expect(frees.count).toBe(1);
    expect(backend.freed).toEqual([[a, undefined], [b, false], [a, true]]);
  });

  it('restores the prototype method on release, and stops counting', () => {
    const backend = new FakeBackend();
    const frees = new ForcedFrees(backend);
    frees.release();
    expect(Object.prototype.hasOwnProperty.call(backend, 'disposeData')).toBe(false);
    backend.disposeData({}, true);
    expect(frees.count).toBe(0);
    expect(backend.freed).toHaveLength(1);
  });

  it('leaves a later wrapper in place on release: calls still reach tfjs, uncounted', () => {
    const backend = new FakeBackend();
    const frees = new ForcedFrees(backend);
    const ours = backend.disposeData;
    let seen = 0;
    backend.disposeData = function (dataId: object, force?: boolean) {
      seen++;
      return ours.call(this, dataId, force);
    };
    frees.release();
    backend.disposeData({}, true);
    expect(seen).toBe(1);
    expect(backend.freed).toHaveLength(1);
    expect(frees.count).toBe(0);
  });
});
