/**
 * Exact WGSL spellings of float32 values. Decimal literals would be rounded by the shader
 * compiler (and may differ from JS's rounding), so finite values are written as hexadecimal
 * floats, which WGSL reads exactly. WGSL has no literal for infinities or NaN (and a
 * constant expression that produces one is a shader-creation error), so those are read from
 * bit patterns the uniform buffer carries (see `SPECIAL_BITS`).
 */

const view = new DataView(new ArrayBuffer(4));

/** Bit patterns of the non-finite float32 values, in the order the shader's `specials` holds them. */
export const SPECIAL_BITS = [0x7f800000, 0xff800000, 0x7fc00000, 0] as const;

/** The bits of `value` rounded to float32. */
export function float32Bits(value: number): number {
  view.setFloat32(0, value);
  return view.getUint32(0);
}

/**
 * A WGSL expression of type f32 equal to `value` (rounded to float32) bit for bit.
 * `specials` names a `vec4<u32>` holding {@link SPECIAL_BITS}.
 */
export function f32Literal(value: number, specials: string): string {
  const bits = float32Bits(value);
  if (Number.isNaN(value)) return `bitcast<f32>(${specials}.z)`;
  if (bits === SPECIAL_BITS[0]) return `bitcast<f32>(${specials}.x)`;
  if (bits === SPECIAL_BITS[1]) return `bitcast<f32>(${specials}.y)`;
  const sign = bits >>> 31 ? '-' : '';
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0) {
    // Zero or subnormal: mantissa * 2^-149 exactly.
    return mantissa === 0 ? `${sign}0.0f` : `${sign}0x${mantissa.toString(16)}p-149f`;
  }
  // Normal: 1.mantissa * 2^(exponent - 127); 23 mantissa bits shifted to 24 = 6 hex digits.
  const fraction = (mantissa << 1).toString(16).padStart(6, '0');
  return `${sign}0x1.${fraction}p${exponent - 127}f`;
}

/** A WGSL u32 literal. */
export function u32Literal(value: number): string {
  return `0x${(value >>> 0).toString(16)}u`;
}
