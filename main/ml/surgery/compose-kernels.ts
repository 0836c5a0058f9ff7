/**
 * Two stride-1 convolutions in a row, without an activation between them, are one convolution:
 * a k1×k1 then a k2×k2 conv is a (k1+k2−1)×(k1+k2−1) conv (3×3 ∘ 3×3 = 5×5). With kernels in
 * Keras's layout [kh, kw, in, out] (cross-correlation, as every Keras conv):
 *
 *   K[u + v] = Σ_m k1[u, :, m] · k2[v, m, :]          (u, v offsets in 2-D)
 *   b        = b2 + Σ_v Σ_m b1[m] · k2[v, m, :]
 *
 * Exact for 'valid' convs; with 'same' zero padding the first conv's padding differs from the
 * composed one's only where the second conv reads outside the image (the outer ring of
 * ⌊k2/2⌋ pixels). VGG16's block1 has a ReLU between its convs, so this is the linear part of
 * block1: a starting point for distillation, not block1 itself.
 */
import type { ConvWeights } from '../weights/weight-set.js';

/** The single conv that `first` then `second` (no activation between) compute. */
export function composeConvs(first: ConvWeights, second: ConvWeights): ConvWeights {
  const [h1, w1, cin, mid] = first.kernelShape;
  const [h2, w2, mid2, cout] = second.kernelShape;
  if (mid2 !== mid) throw new RangeError(`the second conv takes ${mid2} channels, the first gives ${mid}`);
  if (first.bias.length !== mid || second.bias.length !== cout) throw new RangeError('each bias must have one value per filter of its conv');
  const h = h1 + h2 - 1;
  const w = w1 + w2 - 1;
  const kernel = new Float64Array(h * w * cin * cout);
  const bias = Float64Array.from(second.bias);
  const at1 = (y: number, x: number, c: number, m: number) => ((y * w1 + x) * cin + c) * mid + m;
  const at2 = (y: number, x: number, m: number, o: number) => ((y * w2 + x) * mid + m) * cout + o;
  for (let vy = 0; vy < h2; vy++) {
    for (let vx = 0; vx < w2; vx++) {
      for (let m = 0; m < mid; m++) {
        const b1 = first.bias[m]!;
        for (let o = 0; o < cout; o++) bias[o]! += b1 * second.kernel[at2(vy, vx, m, o)]!;
      }
      for (let uy = 0; uy < h1; uy++) {
        for (let ux = 0; ux < w1; ux++) {
          const base = ((uy + vy) * w + (ux + vx)) * cin * cout;
          for (let c = 0; c < cin; c++) {
            for (let m = 0; m < mid; m++) {
              const a = first.kernel[at1(uy, ux, c, m)]!;
              if (a === 0) continue;
              const row = at2(vy, vx, m, 0);
              const out = base + c * cout;
              for (let o = 0; o < cout; o++) kernel[out + o]! += a * second.kernel[row + o]!;
            }
          }
        }
      }
    }
  }
  return { kernel: Float32Array.from(kernel), kernelShape: [h, w, cin, cout], bias: Float32Array.from(bias) };
}
