import { ByteWriter } from './encoding.js';
import { BLOCK_VOID, Op, SimdOp, ValType } from './opcodes.js';

/** A local variable index. */
export type Local = number & { readonly __local: unique symbol };

/** Natural alignment exponents used in memargs (the alignment is a hint only). */
const ALIGN_4 = 2;

/**
 * The body of one function: its locals (declared on demand) and its instruction stream,
 * with small helpers for the instructions the update compiler uses.
 */
export class FunctionBody {
  readonly code = new ByteWriter();
  readonly #localTypes: ValType[] = [];
  readonly #paramCount: number;

  constructor(paramCount: number) {
    this.#paramCount = paramCount;
  }

  /** The local index of parameter `index`. */
  param(index: number): Local {
    return index as Local;
  }

  /** Declares a new local of `type`. */
  local(type: ValType): Local {
    this.#localTypes.push(type);
    return (this.#paramCount + this.#localTypes.length - 1) as Local;
  }

  op(opcode: number): this {
    this.code.byte(opcode);
    return this;
  }

  simd(opcode: number): this {
    this.code.byte(Op.simdPrefix).u32(opcode);
    return this;
  }

  get(local: Local): this {
    this.code.byte(Op.localGet).u32(local);
    return this;
  }

  set(local: Local): this {
    this.code.byte(Op.localSet).u32(local);
    return this;
  }

  tee(local: Local): this {
    this.code.byte(Op.localTee).u32(local);
    return this;
  }

  i32(value: number): this {
    this.code.byte(Op.i32Const).s32(value);
    return this;
  }

  f32(value: number): this {
    this.code.byte(Op.f32Const).f32(value);
    return this;
  }

  /** `v128.const` of four equal 32-bit patterns. */
  v128Splat32(bits: number): this {
    this.simd(SimdOp.v128Const);
    for (let i = 0; i < 4; i++) this.code.i32Bits(bits);
    return this;
  }

  /** A load or store with a 4-byte alignment hint and a constant byte offset. */
  memory(opcode: number, offset = 0, simd = false): this {
    if (simd) this.simd(opcode);
    else this.op(opcode);
    this.code.u32(ALIGN_4).u32(offset);
    return this;
  }

  block(): this {
    this.code.byte(Op.block).byte(BLOCK_VOID);
    return this;
  }

  loop(): this {
    this.code.byte(Op.loop).byte(BLOCK_VOID);
    return this;
  }

  /** `if` (void): runs what follows when the i32 on the stack is non-zero. */
  if(): this {
    this.code.byte(Op.if).byte(BLOCK_VOID);
    return this;
  }

  else(): this {
    this.code.byte(Op.else);
    return this;
  }

  end(): this {
    this.code.byte(Op.end);
    return this;
  }

  /** `br_if depth`: branch to the enclosing label `depth` levels out when the i32 is non-zero. */
  brIf(depth: number): this {
    this.code.byte(Op.brIf).u32(depth);
    return this;
  }

  br(depth: number): this {
    this.code.byte(Op.br).u32(depth);
    return this;
  }

  /** The encoded body: local declarations (run-length grouped), instructions, final `end`. */
  encode(): ByteWriter {
    const groups: [number, ValType][] = [];
    for (const type of this.#localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === type) last[0]++;
      else groups.push([1, type]);
    }
    const body = new ByteWriter();
    body.u32(groups.length);
    for (const [count, type] of groups) body.u32(count).byte(type);
    body.bytes(this.code.toBytes());
    body.byte(Op.end);
    return body;
  }
}

export { ValType };
