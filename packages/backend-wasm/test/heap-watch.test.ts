import { describe, expect, it } from 'vitest';
import { HeapWatch } from '../src/runtime/heap-watch.js';

/** Stands in for tfjs-wasm's BackendWasm: both methods on the prototype, as there. */
class FakeBackend {
  readonly calls: unknown[][] = [];
  disposeData(dataId: object, force?: boolean): boolean {
    this.calls.push(['disposeData', dataId, force]);
    return true;
  }
  incRef(dataId: object): void {
    this.calls.push(['incRef', dataId]);
  }
}

describe('HeapWatch', () => {
  it('counts forced frees only, and passes every call on with its arguments and result', () => {
    const backend = new FakeBackend();
    const watch = new HeapWatch(backend);
    const a = {};
    const b = {};
    expect(backend.disposeData(a)).toBe(true);
    expect(backend.disposeData(b, false)).toBe(true);
    expect(watch.forcedFrees).toBe(0);
    backend.disposeData(a, true);
    expect(watch.forcedFrees).toBe(1);
    expect(backend.calls).toEqual([['disposeData', a, undefined], ['disposeData', b, false], ['disposeData', a, true]]);
  });

  it('counts new references to watched data ids only', () => {
    const backend = new FakeBackend();
    const watch = new HeapWatch(backend);
    const mine = {};
    const other = {};
    backend.incRef(mine);
    expect(watch.shares).toBe(0); // not watched yet
    watch.watch(mine);
    backend.incRef(other);
    expect(watch.shares).toBe(0);
    backend.incRef(mine);
    expect(watch.shares).toBe(1);
    expect(backend.calls).toEqual([['incRef', mine], ['incRef', other], ['incRef', mine]]);
  });

  it('restores the prototype methods on release, and stops counting', () => {
    const backend = new FakeBackend();
    const watch = new HeapWatch(backend);
    const data = {};
    watch.watch(data);
    watch.release();
    expect(Object.prototype.hasOwnProperty.call(backend, 'disposeData')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(backend, 'incRef')).toBe(false);
    backend.disposeData(data, true);
    backend.incRef(data);
    expect([watch.forcedFrees, watch.shares]).toEqual([0, 0]);
    expect(backend.calls).toHaveLength(2);
  });

  it('on an instance without incRef, wraps nothing and reports new counts at every read', () => {
    const backend = { disposeData: (_dataId: object, _force?: boolean) => true } as unknown as FakeBackend;
    const original = backend.disposeData;
    const watch = new HeapWatch(backend);
    expect(backend.disposeData).toBe(original);
    expect(watch.forcedFrees).not.toBe(watch.forcedFrees);
    expect(watch.shares).not.toBe(watch.shares);
  });

  it('leaves a later wrapper in place on release: calls still reach tfjs, uncounted', () => {
    const backend = new FakeBackend();
    const watch = new HeapWatch(backend);
    const ours = backend.disposeData;
    let seen = 0;
    backend.disposeData = function (dataId: object, force?: boolean) {
      seen++;
      return ours.call(this, dataId, force);
    };
    watch.release();
    backend.disposeData({}, true);
    expect(seen).toBe(1);
    expect(backend.calls).toHaveLength(1);
    expect(watch.forcedFrees).toBe(0);
    expect(Object.prototype.hasOwnProperty.call(backend, 'incRef')).toBe(false);
  });
});
