import type { UpdateProgram } from '@descent/core';
import { FunctionBody, type Local, ValType } from '../wasm/function-body.js';
import { type TableLayout, tableLayout } from './layout.js';
import { neverNegativeZero } from './value-facts.js';

/** What the code generators of one kernel share. */
export class KernelContext {
  readonly body: FunctionBody;
  readonly layout: TableLayout;
  /** Parameter: byte offset of the call table on the heap. */
  readonly table: Local;
  /** Parameter: number of bindings in the table. */
  readonly count: Local;
  /** Per uniform node: its f32 value, computed once per call. */
  readonly uniform = new Map<number, Local>();
  /** Per uniform node read inside the SIMD loop: its value splatted to f32x4. */
  readonly splat = new Map<number, Local>();
  /** Per reduction slot: its sum of squares over the call, as f32. */
  readonly reduced = new Map<number, Local>();
  /** Per finite-check slot: 1 when every element of it over the call is finite, else 0, as f32. */
  readonly finite = new Map<number, Local>();
  /** Per node: true when its value is never -0 (see neverNegativeZero). */
  readonly neverNegativeZero: readonly boolean[];
  readonly #scratch = new Map<string, Local>();
  readonly #vectorConstants = new Map<number, Local>();

  constructor(
    readonly program: UpdateProgram,
    readonly simd: boolean,
  ) {
    this.body = new FunctionBody(2);
    this.table = this.body.param(0);
    this.count = this.body.param(1);
    this.layout = tableLayout(program);
    this.neverNegativeZero = neverNegativeZero(program);
  }

  /**
   * Emits, where it runs once (before the element loop), `v128.const` of four `bits` into a
   * local that {@link vectorConstant} then reads: a `local.get` is 2 bytes where a `v128.const`
   * is 18, which keeps the unrolled loop versions small (browsers compile modules over 4 KB only
   * asynchronously). V8 hoists constants out of loops either way, so the code is the same.
   */
  hoistVectorConstant(bits: number): void {
    if (this.#vectorConstants.has(bits | 0)) return;
    const local = this.body.local(ValType.v128);
    this.body.v128Splat32(bits).set(local);
    this.#vectorConstants.set(bits | 0, local);
  }

  /** Pushes the v128 of four `bits`: the hoisted local, or a `v128.const` if there is none. */
  vectorConstant(bits: number): FunctionBody {
    const local = this.#vectorConstants.get(bits | 0);
    return local === undefined ? this.body.v128Splat32(bits) : this.body.get(local);
  }

  /**
   * A scratch local of `type` for short-lived values inside one instruction sequence
   * (`index` tells apart several scratch locals of one type used by the same sequence).
   */
  scratch(type: ValType, index = 0): Local {
    const key = `${type}:${index}`;
    let local = this.#scratch.get(key);
    if (local === undefined) {
      local = this.body.local(type);
      this.#scratch.set(key, local);
    }
    return local;
  }
}
