import { preprocessCaffe } from '../../../../main/ml/tfjs/vgg16.js';
import type { FrameSource } from '../../../../main/ml/surgery/distill.js';
import { seededRandom } from '../../../helpers/tfjs-random-weights.js';

/** `count` S×S frames like film: a colour gradient, a few flat rectangles, some noise; caffe-preprocessed on demand. */
export function filmLikeFrames(count: number, size: number, seed: number): FrameSource {
  const random = seededRandom(seed);
  const frameBytes = size * size * 3;
  const bytes = new Uint8Array(count * frameBytes);
  for (let f = 0; f < count; f++) {
    const base = Array.from({ length: 3 }, () => random() * 200);
    const slope = Array.from({ length: 3 }, () => (random() - 0.5) * 4);
    const rects = Array.from({ length: 3 }, () => ({ x: random() * size, y: random() * size, w: 3 + random() * size / 3, h: 3 + random() * size / 3, c: [random() * 255, random() * 255, random() * 255] }));
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const rect = rects.find((r) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h);
        for (let c = 0; c < 3; c++) {
          const value = (rect ? rect.c[c]! : base[c]! + slope[c]! * (x + y)) + (random() - 0.5) * 20;
          bytes[f * frameBytes + (y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(value)));
        }
      }
    }
  }
  return {
    count,
    async input(indices) {
      const picked = new Uint8Array(indices.length * frameBytes);
      indices.forEach((s, k) => picked.set(bytes.subarray(s * frameBytes, (s + 1) * frameBytes), k * frameBytes));
      return preprocessCaffe(picked, indices.length, size);
    },
  };
}
