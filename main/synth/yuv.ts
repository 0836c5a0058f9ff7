/**
 * RGB24 → planar YUV 4:2:0 (I420), BT.601 limited range, in integer arithmetic. Done here rather
 * than by ffmpeg's swscale because swscale picks SIMD code paths by CPU, and they are not all
 * bit-exact: converting ourselves keeps the same seed byte-identical on every machine (and halves
 * the bytes piped to ffmpeg).
 */

/** Bytes of an I420 frame: a full-size Y plane and quarter-size U and V planes. */
export function i420Size(width: number, height: number): number {
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError(`4:2:0 needs an even frame size, got ${width}×${height}`);
  return width * height * 3 / 2;
}

/**
 * Converts one frame. Luma per pixel; chroma from the mean of each 2×2 block's RGB. The integer
 * coefficients are the classic BT.601 studio-swing ones (Y 16–235, U and V 16–240).
 */
export function rgbToI420(rgb: Uint8Array, width: number, height: number, out: Uint8Array = new Uint8Array(i420Size(width, height))): Uint8Array {
  const size = i420Size(width, height);
  if (rgb.length !== width * height * 3) throw new RangeError(`an RGB frame of ${width}×${height} has ${width * height * 3} bytes, got ${rgb.length}`);
  if (out.length !== size) throw new RangeError(`an I420 frame of ${width}×${height} has ${size} bytes, got ${out.length}`);
  const uBase = width * height;
  const vBase = uBase + (width / 2) * (height / 2);
  const half = width / 2;
  const luma = (r: number, g: number, b: number) => ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16;
  // One pass over 2×2 blocks: each RGB byte is read once, for its luma and its block's chroma.
  for (let cy = 0; cy < height / 2; cy++) {
    const top = 2 * cy * width;
    for (let cx = 0; cx < half; cx++) {
      const p0 = top + 2 * cx; // pixel indices of the block: p0, p0 + 1, p2, p2 + 1
      const p2 = p0 + width;
      const a = p0 * 3;
      const b = p2 * 3;
      const r0 = rgb[a]!, g0 = rgb[a + 1]!, b0 = rgb[a + 2]!, r1 = rgb[a + 3]!, g1 = rgb[a + 4]!, b1 = rgb[a + 5]!;
      const r2 = rgb[b]!, g2 = rgb[b + 1]!, b2 = rgb[b + 2]!, r3 = rgb[b + 3]!, g3 = rgb[b + 4]!, b3 = rgb[b + 5]!;
      out[p0] = luma(r0, g0, b0);
      out[p0 + 1] = luma(r1, g1, b1);
      out[p2] = luma(r2, g2, b2);
      out[p2 + 1] = luma(r3, g3, b3);
      // Sums of four pixels: the coefficients are applied to 4× the mean, hence the >> 10.
      const r = r0 + r1 + r2 + r3;
      const g = g0 + g1 + g2 + g3;
      const bl = b0 + b1 + b2 + b3;
      const c = cy * half + cx;
      out[uBase + c] = ((-38 * r - 74 * g + 112 * bl + 512) >> 10) + 128;
      out[vBase + c] = ((112 * r - 94 * g - 18 * bl + 512) >> 10) + 128;
    }
  }
  return out;
}
