/**
 * A naive, loop-by-loop VGG reference over plain arrays, independent of TensorFlow.js, for
 * checking the tfjs model numerically. Maps are channels-last [H, W, C] row-major; kernels are
 * in Keras layout [kh, kw, in, out] row-major; sums in float64.
 */

export interface NaiveMap {
  readonly data: Float64Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export interface NaiveConv {
  readonly kernel: ArrayLike<number>;
  readonly kernelShape: readonly [number, number, number, number];
  readonly bias: ArrayLike<number>;
}

export function naiveMap(data: ArrayLike<number>, height: number, width: number, channels: number): NaiveMap {
  if (data.length !== height * width * channels) throw new Error(`naiveMap: ${data.length} values for ${height}×${width}×${channels}`);
  return { data: Float64Array.from(data), height, width, channels };
}

/**
 * 2-D convolution (cross-correlation, as Keras computes it), stride 1, 'same' zero padding:
 * out[y, x, f] = bias[f] + Σ_i Σ_j Σ_c in[y + i − pt, x + j − pl, c] · k[i, j, c, f],
 * with pt = floor((kh − 1) / 2), pl = floor((kw − 1) / 2) (TensorFlow's 'same' split).
 */
export function naiveConv2dSame(input: NaiveMap, conv: NaiveConv): NaiveMap {
  const [kh, kw, cin, cout] = conv.kernelShape;
  if (cin !== input.channels) throw new Error(`naiveConv2dSame: kernel expects ${cin} channels, map has ${input.channels}`);
  const { height: h, width: w } = input;
  const pt = Math.floor((kh - 1) / 2);
  const pl = Math.floor((kw - 1) / 2);
  const out = new Float64Array(h * w * cout);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let f = 0; f < cout; f++) {
        let sum = Number(conv.bias[f]);
        for (let i = 0; i < kh; i++) {
          const yy = y + i - pt;
          if (yy < 0 || yy >= h) continue;
          for (let j = 0; j < kw; j++) {
            const xx = x + j - pl;
            if (xx < 0 || xx >= w) continue;
            for (let c = 0; c < cin; c++) {
              sum += input.data[(yy * w + xx) * cin + c]! * Number(conv.kernel[((i * kw + j) * cin + c) * cout + f]);
            }
          }
        }
        out[(y * w + x) * cout + f] = sum;
      }
    }
  }
  return { data: out, height: h, width: w, channels: cout };
}

export function naiveRelu(input: NaiveMap): NaiveMap {
  return { ...input, data: input.data.map((v) => (v > 0 ? v : 0)) };
}

/** 2×2 max pooling, stride 2, 'valid': an odd last row/column is dropped. */
export function naiveMaxPool2x2(input: NaiveMap): NaiveMap {
  const { height: h, width: w, channels: c } = input;
  const oh = Math.floor(h / 2);
  const ow = Math.floor(w / 2);
  const out = new Float64Array(oh * ow * c);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      for (let k = 0; k < c; k++) {
        let m = -Infinity;
        for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) m = Math.max(m, input.data[((2 * y + dy) * w + 2 * x + dx) * c + k]!);
        out[(y * ow + x) * c + k] = m;
      }
    }
  }
  return { data: out, height: oh, width: ow, channels: c };
}

/** Caffe preprocessing of one uint8 RGB frame [S, S, 3]: BGR order minus the ImageNet BGR means. */
export function naiveCaffe(rgb: ArrayLike<number>, size: number): NaiveMap {
  const means = [103.939, 116.779, 123.68];
  const out = new Float64Array(size * size * 3);
  for (let p = 0; p < size * size; p++) {
    for (let c = 0; c < 3; c++) out[p * 3 + c] = Number(rgb[p * 3 + (2 - c)]) - means[c]!;
  }
  return { data: out, height: size, width: size, channels: 3 };
}

/** Runs a list of ops: a conv layer's name (conv + ReLU with that layer's weights) or 'pool'. */
export function naiveForward(input: NaiveMap, ops: readonly string[], weights: ReadonlyMap<string, NaiveConv>): NaiveMap {
  let x = input;
  for (const op of ops) {
    if (op === 'pool') {
      x = naiveMaxPool2x2(x);
    } else {
      const conv = weights.get(op);
      if (!conv) throw new Error(`naiveForward: no weights for ${op}`);
      x = naiveRelu(naiveConv2dSame(x, conv));
    }
  }
  return x;
}
