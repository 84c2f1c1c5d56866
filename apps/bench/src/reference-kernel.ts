/**
 * The memory-bound reference: a hand-written WebAssembly loop (not generated from Descent's IR,
 * and not built with backend-wasm's emitter) that streams over exactly the arrays an update
 * streams over, with next to no arithmetic.
 *
 * Why it is a fair bandwidth bound for a Descent kernel:
 * - Same bytes: it reads the same tensor slots the update reads and writes the same slots the
 *   update writes (taken from the compiled program, see `traffic.ts`), so it moves the same
 *   number of bytes per element, including write-only states (whose cache lines the CPU also
 *   has to fetch before writing them: that read-for-ownership costs both loops alike).
 * - Same place and pattern: the arrays are tfjs tensors on the same tfjs-backend-wasm heap, in
 *   place (outputs alias inputs), walked once, front to back, 16 bytes (f32x4) per access, with
 *   the same per-tensor descriptor table, one call for all tensors of a step.
 * - No work to hide: per four elements it does (reads - 1) f32x4.add and one f32x4.mul (the
 *   average of what it read, so that values stay bounded over thousands of steps and never turn
 *   subnormal), far below what the CPU can do while it waits for memory. What is left is the
 *   cost of moving the bytes: once the arrays no longer fit in cache (N = 1e7), no loop over
 *   these arrays on this heap can be much faster, so "Descent's bytes/s as % of this loop's"
 *   says how close a generated kernel gets to the memory limit. In cache (small N) the loop is
 *   bound by loads and stores instead, and the ratio then shows the cost of the update's own
 *   arithmetic (e.g. Adam's division and square root), which is expected.
 *
 * Module ABI (the same shape as backend-wasm's kernels): imports `env.memory`, exports
 * `run(table: i32, count: i32)`; the table holds, per tensor group, `i32 elementCount` then one
 * `i32 byteOffset` per slot (in `slots` order).
 */

const I32 = 0x7f;
const V128 = 0x7b;
const F32 = 0x7d;

/** A growable byte list with the two LEB128 encodings the module needs. */
class Bytes {
  readonly data: number[] = [];

  push(...values: number[]): this {
    this.data.push(...values);
    return this;
  }

  u32(value: number): this {
    let v = value >>> 0;
    do {
      let byte = v & 0x7f;
      v >>>= 7;
      if (v !== 0) byte |= 0x80;
      this.data.push(byte);
    } while (v !== 0);
    return this;
  }

  s32(value: number): this {
    let v = value | 0;
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      this.data.push(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }

  f32(value: number): this {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.data.push(view.getUint8(i));
    return this;
  }

  /** Appends `inner` prefixed with its length (sections, function bodies). */
  sized(inner: Bytes): this {
    return this.u32(inner.data.length).push(...inner.data);
  }
}

/** What the reference streams over: which slots of a group it reads and which it writes. */
export interface ReferenceTraffic {
  /** Number of tensor slots per group (the table's descriptor has one offset per slot). */
  readonly slots: number;
  /** Slots read (every one once per element). */
  readonly reads: readonly number[];
  /** Slots written (every one once per element); may overlap `reads` (in place). */
  readonly writes: readonly number[];
  /** Import the memory as shared (threaded tfjs-backend-wasm build). */
  readonly sharedMemory: boolean;
}

/** The module's bytes. */
export function referenceModuleBytes(traffic: ReferenceTraffic): Uint8Array<ArrayBuffer> {
  const { slots, reads, writes } = traffic;
  if (reads.length === 0 || writes.length === 0) throw new Error('reference: needs at least one read and one write');
  const scale = 1 / reads.length;

  // Locals: params table(0), count(1); i32 descriptor, remaining, bytes, vectorEnd, index,
  // base[slot]...; then v128 acc; then f32 accScalar.
  const TABLE = 0;
  const COUNT = 1;
  const DESC = 2;
  const REMAINING = 3;
  const BYTES = 4;
  const VEC_END = 5;
  const INDEX = 6;
  const base = (slot: number): number => 7 + slot;
  const ACC = 7 + slots;
  const ACC_SCALAR = ACC + 1;

  const code = new Bytes();
  const get = (local: number) => code.push(0x20).u32(local);
  const set = (local: number) => code.push(0x21).u32(local);
  const tee = (local: number) => code.push(0x22).u32(local);
  const i32 = (value: number) => code.push(0x41).s32(value);
  const simd = (op: number) => code.push(0xfd).u32(op);
  const memarg = (align: number, offset = 0) => code.u32(align).u32(offset);
  const address = (slot: number) => {
    get(base(slot));
    get(INDEX);
    code.push(0x6a); // i32.add
  };

  // descriptor = table; remaining = count; if (remaining == 0) return
  get(TABLE);
  set(DESC);
  get(COUNT);
  set(REMAINING);
  code.push(0x02, 0x40); // block
  get(REMAINING);
  code.push(0x45, 0x0d, 0x00); // i32.eqz; br_if 0
  code.push(0x03, 0x40); // loop (over groups)
  {
    // bytes = count << 2; vectorEnd = bytes & ~15; base[s] = offsets; index = 0
    get(DESC);
    code.push(0x28).u32(2).u32(0); // i32.load
    i32(2);
    code.push(0x74); // i32.shl
    tee(BYTES);
    i32(-16);
    code.push(0x71); // i32.and
    set(VEC_END);
    for (let s = 0; s < slots; s++) {
      get(DESC);
      code.push(0x28).u32(2).u32(4 + 4 * s);
      set(base(s));
    }
    i32(0);
    set(INDEX);

    // f32x4 loop: while (index < vectorEnd) { acc = avg(loads); store acc to every write slot }
    code.push(0x02, 0x40); // block
    get(INDEX);
    get(VEC_END);
    code.push(0x4f, 0x0d, 0x00); // i32.ge_u; br_if 0
    code.push(0x03, 0x40); // loop
    reads.forEach((slot, k) => {
      address(slot);
      simd(0x00);
      memarg(4); // v128.load (align 16: tfjs' allocations are 16-byte aligned; a hint only)
      if (k > 0) simd(0xe4); // f32x4.add
    });
    simd(0x0c); // v128.const
    for (let lane = 0; lane < 4; lane++) code.f32(scale);
    simd(0xe6); // f32x4.mul
    set(ACC);
    for (const slot of writes) {
      address(slot);
      get(ACC);
      simd(0x0b);
      memarg(4); // v128.store
    }
    get(INDEX);
    i32(16);
    code.push(0x6a); // i32.add
    tee(INDEX);
    get(VEC_END);
    code.push(0x49, 0x0d, 0x00); // i32.lt_u; br_if 0 (loop)
    code.push(0x0b, 0x0b); // end loop; end block

    // Scalar tail: the remaining 0-3 elements, the same way.
    code.push(0x02, 0x40);
    get(INDEX);
    get(BYTES);
    code.push(0x4f, 0x0d, 0x00);
    code.push(0x03, 0x40);
    reads.forEach((slot, k) => {
      address(slot);
      code.push(0x2a);
      memarg(2); // f32.load
      if (k > 0) code.push(0x92); // f32.add
    });
    code.push(0x43).f32(scale);
    code.push(0x94); // f32.mul
    set(ACC_SCALAR);
    for (const slot of writes) {
      address(slot);
      get(ACC_SCALAR);
      code.push(0x38);
      memarg(2); // f32.store
    }
    get(INDEX);
    i32(4);
    code.push(0x6a);
    tee(INDEX);
    get(BYTES);
    code.push(0x49, 0x0d, 0x00);
    code.push(0x0b, 0x0b);

    // Next group.
    get(DESC);
    i32(4 + 4 * slots);
    code.push(0x6a);
    set(DESC);
    get(REMAINING);
    i32(1);
    code.push(0x6b); // i32.sub
    tee(REMAINING);
    code.push(0x0d, 0x00); // br_if 0 (loop)
  }
  code.push(0x0b, 0x0b); // end loop; end block

  const body = new Bytes();
  body.u32(3); // local groups
  body.u32(5 + slots).push(I32);
  body.u32(1).push(V128);
  body.u32(1).push(F32);
  body.push(...code.data, 0x0b);

  const module = new Bytes().push(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  const section = (id: number, content: Bytes) => module.push(id).sized(content);
  section(1, new Bytes().u32(1).push(0x60).u32(2).push(I32, I32).u32(0)); // type: (i32, i32) -> ()
  const imports = new Bytes().u32(1);
  for (const name of ['env', 'memory']) imports.u32(name.length).push(...new TextEncoder().encode(name));
  imports.push(0x02); // memory
  if (traffic.sharedMemory) imports.push(0x03).u32(0).u32(65536);
  else imports.push(0x00).u32(0);
  section(2, imports);
  section(3, new Bytes().u32(1).u32(0)); // function 0 has type 0
  section(7, new Bytes().u32(1).u32(3).push(...new TextEncoder().encode('run')).push(0x00).u32(0)); // export "run"
  section(10, new Bytes().u32(1).sized(body));
  return new Uint8Array(module.data);
}

/** Compiles and instantiates the reference for `memory`; returns its `run(table, count)`. */
export function instantiateReference(traffic: ReferenceTraffic, memory: WebAssembly.Memory): (table: number, count: number) => void {
  const module = new WebAssembly.Module(referenceModuleBytes(traffic));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports['run'] as (table: number, count: number) => void;
}
