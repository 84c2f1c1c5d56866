/**
 * Binary encoding primitives of the WebAssembly format: a growable byte buffer with LEB128
 * integers, little-endian floats, names and length-prefixed vectors.
 * See https://webassembly.github.io/spec/core/binary/values.html.
 */
export class ByteWriter {
  #bytes: Uint8Array<ArrayBuffer> = new Uint8Array(256);
  #length = 0;
  readonly #scratch = new DataView(new ArrayBuffer(8));

  /** Number of bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array<ArrayBuffer> {
    return this.#bytes.slice(0, this.#length);
  }

  byte(value: number): this {
    if (this.#length === this.#bytes.length) {
      const grown = new Uint8Array(this.#bytes.length * 2);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes[this.#length++] = value & 0xff;
    return this;
  }

  bytes(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.byte(values[i]!);
    return this;
  }

  /** Unsigned LEB128 of a value in [0, 2^32). */
  u32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`u32 out of range: ${value}`);
    }
    let v = value;
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of a value in [-2^31, 2^32) (i32 constants take either sign convention). */
  s32(value: number): this {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
      throw new RangeError(`i32 out of range: ${value}`);
    }
    let v = value | 0; // two's complement view of the 32 bits
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  f32(value: number): this {
    this.#scratch.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.byte(this.#scratch.getUint8(i));
    return this;
  }

  /** A 32-bit pattern, little-endian (for v128 constants). */
  i32Bits(value: number): this {
    this.#scratch.setInt32(0, value | 0, true);
    for (let i = 0; i < 4; i++) this.byte(this.#scratch.getUint8(i));
    return this;
  }

  /** A UTF-8 name, length-prefixed. */
  name(text: string): this {
    const encoded = new TextEncoder().encode(text);
    return this.u32(encoded.length).bytes(encoded);
  }

  /** Appends another writer's bytes, prefixed with their length (sections, function bodies). */
  sized(inner: ByteWriter): this {
    return this.u32(inner.length).bytes(inner.toBytes());
  }
}
