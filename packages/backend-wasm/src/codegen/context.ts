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
