/**
 * Independent references for the ONNX engine's tests: a seeded PRNG, He-scaled random VGG16
 * weights, and a naive channels-last VGG16 forward pass (caffe preprocessing, 3×3 'same' conv +
 * ReLU, 2×2 max-pool) and pooling, written from the Keras definitions in plain loops with float64
 * sums. Nothing here imports the engine's code.
 */
import { IMAGENET_BGR_MEANS, layersUpTo } from '../../main/ml/vgg16/architecture.js';
import type { ConvWeights, WeightSet } from '../../main/ml/weights/weight-set.js';

/** mulberry32, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * He-uniform kernels (limit √(6 / fanIn)) so activations keep their scale through the layers, the
 * first layer further divided by 64 so the ±128 pixel values give activations near 1; small random
 * biases. Every conv up to `cut`.
 */
export function heWeights(cut: string, seed: number): WeightSet {
  const random = prng(seed);
  const weights = new Map<string, ConvWeights>();
  for (const layer of layersUpTo(cut)) {
    if (layer.kind !== 'conv') continue;
    const fanIn = 9 * layer.inChannels;
    const limit = Math.sqrt(6 / fanIn) / (layer.inChannels === 3 ? 64 : 1);
    const kernel = Float32Array.from({ length: fanIn * layer.filters }, () => (2 * random() - 1) * limit);
    const bias = Float32Array.from({ length: layer.filters }, () => (random() - 0.5) * 0.1);
    weights.set(layer.name, { kernel, kernelShape: [3, 3, layer.inChannels, layer.filters], bias });
  }
  return weights;
}

/** `count` random RGB frames [count, size, size, 3]. */
export function randomFrames(count: number, size: number, seed: number): Uint8Array {
  const random = prng(seed);
  return Uint8Array.from({ length: count * size * size * 3 }, () => Math.floor(random() * 256));
}

/** A channels-last map: values[(y·width + x)·channels + c]. */
export interface RefMap {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly values: Float64Array;
}

/** Keras 'caffe': BGR order, ImageNet means subtracted. One frame of `rgb` (offset in frames). */
export function refPreprocess(rgb: Uint8Array, frame: number, size: number): RefMap {
  const values = new Float64Array(size * size * 3);
  const base = frame * size * size * 3;
  for (let p = 0; p < size * size; p++) {
    for (let c = 0; c < 3; c++) values[p * 3 + c] = rgb[base + p * 3 + (2 - c)]! - IMAGENET_BGR_MEANS[c]!;
  }
  return { height: size, width: size, channels: 3, values };
}

/** k×k convolution (cross-correlation, as Keras; k odd), zero 'same' padding, bias, then ReLU. */
export function refConvRelu(input: RefMap, w: ConvWeights): RefMap {
  const { height, width, channels: cin } = input;
  const [k, , , cout] = w.kernelShape;
  const half = (k - 1) / 2;
  const values = new Float64Array(height * width * cout);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let o = 0; o < cout; o++) {
        let sum = w.bias[o]!;
        for (let ky = 0; ky < k; ky++) {
          const iy = y + ky - half;
          if (iy < 0 || iy >= height) continue;
          for (let kx = 0; kx < k; kx++) {
            const ix = x + kx - half;
            if (ix < 0 || ix >= width) continue;
            for (let i = 0; i < cin; i++) sum += input.values[(iy * width + ix) * cin + i]! * w.kernel[((ky * k + kx) * cin + i) * cout + o]!;
          }
        }
        values[(y * width + x) * cout + o] = Math.max(0, sum);
      }
    }
  }
  return { height, width, channels: cout, values };
}

/** 2×2 max-pool, stride 2, 'valid' (an odd last row/column is dropped). */
export function refMaxPool(input: RefMap): RefMap {
  const height = Math.floor(input.height / 2);
  const width = Math.floor(input.width / 2);
  const c = input.channels;
  const values = new Float64Array(height * width * c);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < c; k++) {
        const at = (yy: number, xx: number) => input.values[(yy * input.width + xx) * c + k]!;
        values[(y * width + x) * c + k] = Math.max(at(2 * y, 2 * x), at(2 * y, 2 * x + 1), at(2 * y + 1, 2 * x), at(2 * y + 1, 2 * x + 1));
      }
    }
  }
  return { height, width, channels: c, values };
}

/** The naive forward pass of one frame up to `cut`. */
export function refForward(rgb: Uint8Array, frame: number, size: number, weights: WeightSet, cut: string): RefMap {
  return refForwardThrough(rgb, frame, size, weights, layersUpTo(cut).map((l) => (l.kind === 'conv' ? l.name : 'pool')));
}

/** The naive forward pass through a network written out by hand: conv names (weights by name) and 'pool'. */
export function refForwardThrough(rgb: Uint8Array, frame: number, size: number, weights: WeightSet, layers: readonly string[]): RefMap {
  let map = refPreprocess(rgb, frame, size);
  for (const layer of layers) map = layer === 'pool' ? refMaxPool(map) : refConvRelu(map, weights.get(layer)!);
  return map;
}

/** Pools a channels-last map: avg, max, grid g (floor-based bins, (gy, gx, c) order) or none. */
export function refPool(map: RefMap, pooling: 'avg' | 'max' | 'grid' | 'none', g = 2): Float64Array {
  const { height: h, width: w, channels: c, values } = map;
  if (pooling === 'none') return Float64Array.from(values);
  if (pooling === 'max') {
    const out = new Float64Array(c).fill(-Infinity);
    for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) out[k] = Math.max(out[k]!, values[p * c + k]!);
    return out;
  }
  const side = pooling === 'grid' ? g : 1;
  const out = new Float64Array(side * side * c);
  for (let i = 0; i < side; i++) {
    const [y0, y1] = [Math.floor((i * h) / side), Math.floor(((i + 1) * h) / side)];
    for (let j = 0; j < side; j++) {
      const [x0, x1] = [Math.floor((j * w) / side), Math.floor(((j + 1) * w) / side)];
      for (let k = 0; k < c; k++) {
        let sum = 0;
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += values[(y * w + x) * c + k]!;
        out[(i * side + j) * c + k] = sum / ((y1 - y0) * (x1 - x0));
      }
    }
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
