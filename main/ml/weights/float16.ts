/**
 * IEEE 754 half precision → float32, for weight files stored as float16 (Keras mixed-precision
 * saves, TensorFlow.js 'float16' quantization). Every half value is exactly representable as a
 * float32, so the conversion loses nothing.
 */

/** Decodes little-endian binary16 values. */
export function float16ToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = halfToNumber(halves[i]!);
  return out;
}

export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Little-endian uint16 view of arbitrary bytes (copied when unaligned). */
export function uint16View(bytes: Uint8Array): Uint16Array {
  if (bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
  return new Uint16Array(bytes.slice().buffer, 0, bytes.byteLength >> 1);
}
