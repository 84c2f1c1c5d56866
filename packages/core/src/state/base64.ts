/**
 * A small, strict base64 codec (RFC 4648, standard alphabet, with padding) for float32 data in
 * saved optimizer state. Plain JavaScript, so it works the same in Node and in browsers; it
 * encodes in chunks, so large arrays never build one huge intermediate string of codes.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) CODES[ALPHABET.charCodeAt(i)] = i;
const PAD = 61; // '='
const CHUNK_BYTES = 3 * 16384;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The length of the base64 text of `byteLength` bytes. */
export function base64Length(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}

/** Encodes bytes as base64 text with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const end = Math.min(start + CHUNK_BYTES, bytes.length);
    let out = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    }
    if (i < end) {
      // Only the last chunk can end off a multiple of 3 (CHUNK_BYTES is one).
      const b1 = i + 1 < end ? bytes[i + 1]! : 0;
      const n = (bytes[i]! << 16) | (b1 << 8);
      out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
      out += i + 1 < end ? `${ALPHABET[(n >> 6) & 63]!}=` : '==';
    }
    parts.push(out);
  }
  return parts.join('');
}

/**
 * Decodes canonical base64 text (standard alphabet, padded, no whitespace, zero pad bits) of
 * exactly `byteLength` bytes. Returns a reason string instead of bytes when the text is not
 * that, so that the caller can name the field in its error.
 */
export function decodeBase64(text: string, byteLength: number): Uint8Array | string {
  if (text.length !== base64Length(byteLength)) {
    return `has ${text.length} characters, but ${byteLength} bytes take ${base64Length(byteLength)} in base64`;
  }
  const bytes = new Uint8Array(byteLength);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    const last = i + 4 === text.length;
    const v0 = c0 < 128 ? CODES[c0]! : 255;
    const v1 = c1 < 128 ? CODES[c1]! : 255;
    const pad2 = last && c2 === PAD && c3 === PAD;
    const pad1 = last && !pad2 && c3 === PAD;
    const v2 = pad2 ? 0 : c2 < 128 ? CODES[c2]! : 255;
    const v3 = pad2 || pad1 ? 0 : c3 < 128 ? CODES[c3]! : 255;
    if ((v0 | v1 | v2 | v3) > 63) return `is not base64 (bad character near offset ${i})`;
    const n = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    bytes[o++] = n >> 16;
    if (pad2) {
      if ((n & 0xffff) !== 0) return 'is not canonical base64 (non-zero pad bits)';
    } else {
      bytes[o++] = (n >> 8) & 255;
      if (pad1) {
        if ((n & 0xff) !== 0) return 'is not canonical base64 (non-zero pad bits)';
      } else {
        bytes[o++] = n & 255;
      }
    }
  }
  return o === byteLength ? bytes : `decodes to ${o} bytes, expected ${byteLength}`;
}

/** The bytes of `values` as little-endian float32 (a copy). */
export function float32ToBytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

/** Little-endian float32 bytes as a Float32Array (length a multiple of 4). */
export function bytesToFloat32(bytes: Uint8Array): Float32Array {
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const values = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
