/** The method of tfjs-backend-wasm's `BackendWasm` that frees a tensor's heap memory. */
type DisposeData = (dataId: object, force?: boolean) => boolean;

interface Disposer {
  disposeData: DisposeData;
}

/**
 * Counts the *forced* frees of one tfjs wasm backend instance: `disposeData(dataId, true)`,
 * which frees a tensor's heap memory even while live tensors still refer to its data id.
 * tfjs-core does that in exactly one place, `Engine.moveData`, when an op on another tfjs
 * backend needs the data (it moves, and may later move back to a new heap offset).
 *
 * Every other free goes through the data's reference count, which each live tensor holds one
 * of: a tensor that is not disposed and still has the data id it had keeps its heap memory
 * and offset. So while this count is unchanged, a tensor met before with the same data id and
 * not disposed since still has the record (and heap offset) it had, and the call writer can
 * skip looking it up in tfjs' data map (see `CallWriter`). Any change of the count sends
 * every tensor back through the full lookup.
 *
 * Installed by wrapping the instance's `disposeData` (an own property shadowing the
 * prototype's method; one comparison more per dispose). `release` unwraps it, or, when
 * something wrapped it again after us, leaves a wrapper that only passes calls on.
 */
export class ForcedFrees {
  #count = 0;
  #active = true;
  readonly #target: Disposer;
  readonly #original: DisposeData;
  readonly #wrapper: DisposeData;
  readonly #hadOwn: boolean;

  constructor(target: Disposer) {
    this.#target = target;
    this.#hadOwn = Object.prototype.hasOwnProperty.call(target, 'disposeData');
    const original = target.disposeData;
    this.#original = original;
    const counter = this;
    this.#wrapper = function disposeData(this: unknown, dataId: object, force?: boolean): boolean {
      if (force && counter.#active) counter.#count++;
      return original.call(this, dataId, force);
    };
    Object.defineProperty(target, 'disposeData', { value: this.#wrapper, configurable: true, writable: true, enumerable: false });
  }

  /** How many forced frees happened since this counter was installed. */
  get count(): number {
    return this.#count;
  }

  /** Stops counting and restores the instance's own `disposeData` when nobody wrapped ours. */
  release(): void {
    if (!this.#active) return;
    this.#active = false;
    if (this.#target.disposeData !== this.#wrapper) return;
    if (this.#hadOwn) {
      Object.defineProperty(this.#target, 'disposeData', { value: this.#original, configurable: true, writable: true });
    } else {
      delete (this.#target as Partial<Disposer>).disposeData;
    }
  }
}
