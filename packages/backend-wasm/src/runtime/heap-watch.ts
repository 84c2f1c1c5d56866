/** The two methods of tfjs-backend-wasm's `BackendWasm` that a {@link HeapWatch} wraps. */
interface Watched {
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

type Method = 'disposeData' | 'incRef';

/**
 * Counts the two events of one tfjs wasm backend instance after which what the call writer
 * remembers about a tensor may no longer hold (see `CallWriter`):
 *
 * - **forced frees**, `disposeData(dataId, true)`, which free a tensor's heap memory even while
 *   live tensors still refer to its data id. tfjs-core does that in exactly one place,
 *   `Engine.moveData`, when an op on another tfjs backend needs the data (it moves, and may
 *   later move back to a new heap offset). Every other free goes through the data's reference
 *   count, which each live tensor holds one of: a tensor that is not disposed and still has
 *   its data id keeps its heap memory and offset.
 * - **shares** of a watched data id, `incRef(dataId)`: a new tensor (a reshape, a clone,
 *   `tf.variable(x)`) now refers to the data an update writes in place, which must then be
 *   copied first. Reference counts only grow through `incRef` (a record is created with its
 *   count, and moves in are forced frees first).
 *
 * Installed by wrapping the instance's two methods (own properties shadowing the prototype's;
 * one comparison, or one `WeakSet` lookup, more per call). `release` unwraps them, or, where
 * something wrapped them again after us, leaves wrappers that only pass calls on. On an
 * instance without both methods (not a tfjs-wasm 4.x this backend knows) nothing is wrapped
 * and both counts change at every read, so nothing is ever remembered.
 */
export class HeapWatch {
  readonly #counts = { forcedFrees: 0, shares: 0, active: true };
  readonly #watched = new WeakSet<object>();
  readonly #target: Watched;
  readonly #installed: { name: Method; wrapper: unknown; original: unknown; hadOwn: boolean }[] = [];

  readonly #blind: boolean;

  constructor(target: Watched) {
    this.#target = target;
    this.#blind = typeof target.disposeData !== 'function' || typeof target.incRef !== 'function';
    if (this.#blind) return;
    const counts = this.#counts;
    const watched = this.#watched;
    const { disposeData, incRef } = target;
    this.#install('disposeData', function (this: unknown, dataId: object, force?: boolean): boolean {
      if (force && counts.active) counts.forcedFrees++;
      return disposeData.call(this, dataId, force);
    });
    this.#install('incRef', function (this: unknown, dataId: object): void {
      if (counts.active && watched.has(dataId)) counts.shares++;
      incRef.call(this, dataId);
    });
  }

  /** Forced frees since this watch was installed (while active). */
  get forcedFrees(): number {
    return this.#blind ? ++this.#counts.forcedFrees : this.#counts.forcedFrees;
  }

  /** `incRef` calls on watched data ids since this watch was installed (while active). */
  get shares(): number {
    return this.#blind ? ++this.#counts.shares : this.#counts.shares;
  }

  /** Counts every later `incRef(dataId)` in {@link shares}. */
  watch(dataId: object): void {
    this.#watched.add(dataId);
  }

  /** Stops counting and restores the instance's methods where nobody wrapped ours. */
  release(): void {
    if (!this.#counts.active) return;
    this.#counts.active = false;
    for (const { name, wrapper, original, hadOwn } of this.#installed) {
      if (this.#target[name] !== wrapper) continue;
      if (hadOwn) Object.defineProperty(this.#target, name, { value: original, configurable: true, writable: true });
      else delete (this.#target as Partial<Watched>)[name];
    }
  }

  #install(name: Method, wrapper: Watched[Method]): void {
    const target = this.#target;
    const hadOwn = Object.prototype.hasOwnProperty.call(target, name);
    this.#installed.push({ name, wrapper, original: target[name], hadOwn });
    Object.defineProperty(target, name, { value: wrapper, configurable: true, writable: true, enumerable: false });
  }
}
