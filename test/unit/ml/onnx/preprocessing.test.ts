import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildVggOnnxModel } from '../../../../main/ml/onnx/onnx-model.js';
import type { ConvWeights } from '../../../../main/ml/weights/weight-set.js';

// Keras 'caffe' preprocessing, element by element: BGR order, then B − 103.939, G − 116.779,
// R − 123.68, in float32 (uint8 → float32 is exact, the subtraction rounds once).
const MEANS_BGR = [103.939, 116.779, 123.68].map(Math.fround);
const caffe = (pixel: number, bgrChannel: number) => Math.fround(pixel - MEANS_BGR[bgrChannel]!);

/**
 * block1_conv1 weights (Keras layout [3, 3, 3, 64], input channels in BGR order) that copy the
 * preprocessed pixels out, each as a ReLU pair (+v, −v) so negative values survive:
 *   out 2c, 2c+1:   ±1 on the centre tap of BGR channel c      → ±caffe(pixel(y, x), c)
 *   out 6, 7:       ±1 on the top-left tap of B                 → ±caffe(B(y − 1, x − 1)), 0 in the padding
 *   out 8, 9:       ±1 on the bottom-right tap of R             → ±caffe(R(y + 1, x + 1)), 0 in the padding
 * Where a tap falls in the zero padding the answer must be exactly 0: the mean is subtracted
 * before padding, as in Keras (folding it into the bias would give ±mean·w there).
 */
function probeWeights(): Map<string, ConvWeights> {
  const kernel = new Float32Array(3 * 3 * 3 * 64);
  const set = (ky: number, kx: number, bgr: number, out: number, v: number) => { kernel[((ky * 3 + kx) * 3 + bgr) * 64 + out] = v; };
  for (let c = 0; c < 3; c++) {
    set(1, 1, c, 2 * c, 1);
    set(1, 1, c, 2 * c + 1, -1);
  }
  set(0, 0, 0, 6, 1);
  set(0, 0, 0, 7, -1);
  set(2, 2, 2, 8, 1);
  set(2, 2, 2, 9, -1);
  return new Map([['block1_conv1', { kernel, kernelShape: [3, 3, 3, 64], bias: new Float32Array(64) }]]);
}

describe('preprocessing inside the ONNX graph', () => {
  it('is Keras caffe preprocessing exactly, including at the zero-padded borders', async () => {
    const size = 32;
    const count = 2;
    const rgb = new Uint8Array(count * size * size * 3);
    for (let f = 0; f < count; f++) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const p = ((f * size + y) * size + x) * 3;
          rgb[p] = (y * 8 + x + f * 50) % 256; // R: 0 … 255
          rgb[p + 1] = 255 - ((y * 5 + x * 3) % 256); // G
          rgb[p + 2] = (x * y * 7 + f) % 256; // B
        }
      }
    }
    const { bytes, featureDim } = buildVggOnnxModel({ weights: probeWeights(), cut: 'block1_conv1', size, pooling: 'none' });
    expect(featureDim).toBe(size * size * 64);
    const session = await ort.InferenceSession.create(bytes);
    try {
      const { features } = await session.run({ frames: new ort.Tensor('uint8', rgb, [count, size, size, 3]) });
      const out = features!.data as Float32Array;
      const pixel = (f: number, y: number, x: number, rgbChannel: number) => rgb[((f * size + y) * size + x) * 3 + rgbChannel]!;
      const inside = (y: number, x: number) => y >= 0 && y < size && x >= 0 && x < size;
      let checked = 0;
      for (let f = 0; f < count; f++) {
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const at = (ch: number) => out[((f * size + y) * size + x) * 64 + ch]!;
            const signed = (ch: number) => at(ch) - at(ch + 1);
            for (let c = 0; c < 3; c++) expect(signed(2 * c)).toBe(caffe(pixel(f, y, x, 2 - c), c));
            expect(signed(6)).toBe(inside(y - 1, x - 1) ? caffe(pixel(f, y - 1, x - 1, 2), 0) : 0);
            expect(signed(8)).toBe(inside(y + 1, x + 1) ? caffe(pixel(f, y + 1, x + 1, 0), 2) : 0);
            expect(at(10)).toBe(0);
            checked++;
          }
        }
      }
      expect(checked).toBe(count * size * size);
      // Spot values worked by hand: frame 0, (0, 0) is R 0, G 255, B 0.
      expect(out[0]! - out[1]!).toBeCloseTo(-103.939, 4); // B − 103.939
      expect(out[2]! - out[3]!).toBeCloseTo(138.221, 4); // 255 − 116.779
      expect(out[4]! - out[5]!).toBeCloseTo(-123.68, 4); // R − 123.68
    } finally {
      await session.release();
    }
  });
});
