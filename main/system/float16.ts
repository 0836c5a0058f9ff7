/**
 * IEEE 754 half precision (binary16) for feature files: features are stored at half the bytes of
 * float32 and read back exactly as stored. Node 20 has no Float16Array, so the conversions are here:
 * round to nearest, ties to even (as hardware does); values beyond ±65504 saturate to ±65504 rather
 * than becoming infinities that would poison training; NaN stays NaN.
 */

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The binary16 bits nearest to `value`. */
export function toHalfBits(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return mantissa !== 0 ? 0x7e00 : sign | 0x7bff; // NaN; ±Infinity saturates
  // Rebias from float32's 127 to float16's 15.
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7bff; // too large: saturate to ±65504
  if (halfExponent <= 0) {
    // Subnormal half (or zero): shift the full significand (with its implicit 1) into place.
    if (halfExponent < -10) return sign; // below half the smallest subnormal: ±0
    mantissa |= 0x800000;
    const shift = 14 - halfExponent; // 24-bit significand → 10-bit subnormal mantissa
    return sign | roundShift(mantissa, shift);
  }
  // Normal: keep 10 of 23 mantissa bits, rounding; a carry may bump the exponent (and saturate).
  const rounded = (halfExponent << 10) + roundShift(mantissa, 13);
  return rounded >= 0x7c00 ? sign | 0x7bff : sign | rounded;
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  if (rest > half || (rest === half && (kept & 1) === 1)) return kept + 1;
  return kept;
}

/** Every half's value, so reading is a table look-up. */
const HALF_TO_FLOAT = (() => {
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = halfBitsToNumber(bits);
  return table;
})();

/** The number that binary16 bits stand for. */
export function halfBitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** float32 values → binary16 bits, little-endian bytes ready for a file. */
export function encodeHalf(values: Float32Array, out: Uint8Array = new Uint8Array(values.length * 2)): Uint8Array {
  if (out.length !== values.length * 2) throw new RangeError(`encodeHalf: ${values.length} values need ${values.length * 2} bytes, got ${out.length}`);
  for (let i = 0; i < values.length; i++) {
    const bits = toHalfBits(values[i]!);
    out[2 * i] = bits & 0xff;
    out[2 * i + 1] = bits >>> 8;
  }
  return out;
}

/** Little-endian binary16 bytes → float32 values (exact: every half is a float32). */
export function decodeHalf(bytes: Uint8Array, out: Float32Array = new Float32Array(bytes.length / 2)): Float32Array {
  if (bytes.length !== out.length * 2) throw new RangeError(`decodeHalf: ${bytes.length} bytes hold ${bytes.length / 2} values, not ${out.length}`);
  for (let i = 0; i < out.length; i++) out[i] = HALF_TO_FLOAT[bytes[2 * i]! | (bytes[2 * i + 1]! << 8)]!;
  return out;
}
