/**
 * The TensorFlow.js feature extractor: uint8 RGB frames → caffe preprocessing → VGG16 up to the
 * cut → pooling (see pooling.ts) → one Float32Array of features per frame. Also the activation
 * maps the Features view shows. Every tensor lives inside tf.tidy or is disposed explicitly.
 */
import * as tf from '@tensorflow/tfjs';
import { layersUpTo, outputShape, VGG16_LAYER_NAMES } from '../vgg16/architecture.js';
import { networkUpTo } from '../vgg16/variants.js';
import type { WeightSet } from '../weights/weight-set.js';
import { initTfjs, type TfjsBackendChoice } from './backend.js';
import { DEFAULT_GRID, pooledDim, poolTensor, type PoolingMode } from './pooling.js';
import { buildVgg16, preprocessCaffe, validateVgg16Options } from './vgg16.js';
import { checkFrames } from '../vgg16/backbone-spec.js';

export interface TfjsExtractorOptions {
  /** Without weights, random (Keras) initialisation. */
  readonly weights?: WeightSet;
  readonly cut: string;
  readonly pooling: PoolingMode;
  /** The grid side g for pooling 'grid' (default 2). */
  readonly grid?: number;
  /** The frame side S. */
  readonly size: number;
  /** Frames per forward pass (default 8). */
  readonly batchSize?: number;
  /** Backend to start from (see initTfjs); default: the best that loads. */
  readonly backend?: TfjsBackendChoice;
}

export interface ChannelMap {
  /** The channel's index in the layer's output. */
  readonly index: number;
  /** Its mean activation over the map (raw, not normalised): what the channels are ranked by. */
  readonly strength: number;
  /** height × width, row-major, normalised to [0, 1] (see ActivationMaps). */
  readonly map: Float32Array;
}

export interface ActivationMaps {
  readonly layer: string;
  readonly width: number;
  readonly height: number;
  /** The layer's channel count. */
  readonly channelCount: number;
  /** The mean over channels, height × width row-major, normalised to [0, 1]. */
  readonly mean: Float32Array;
  /** The raw [min, max] of the mean map before normalisation. */
  readonly meanRange: readonly [number, number];
  /** The top-k channels by strength, strongest first (ties: lower index first). */
  readonly channels: readonly ChannelMap[];
}

export interface TfjsExtractor {
  /** e.g. 'tfjs-wasm (SIMD, 1 thread)'. */
  readonly engine: string;
  /** Features per frame. */
  readonly featureDim: number;
  /** frames: `count` uint8 RGB frames, row-major [count, S, S, 3]; returns [count, featureDim] row-major. */
  extract(frames: Uint8Array, count: number): Promise<Float32Array>;
  /** One frame's maps at `layer` (a layer up to the cut): the channel mean and the top-k channels (k clamped to the channel count). */
  activations(frame: Uint8Array, layer: string, topK: number): Promise<ActivationMaps>;
  /**
   * The same for several layers of one frame, in the order asked, from one forward pass: each
   * layer's output is read on the way to the deepest, not computed again from the frame.
   */
  layerActivations(frame: Uint8Array, layers: readonly string[], topK: number): Promise<ActivationMaps[]>;
  /** Frees the model's weights; the extractor cannot be used afterwards. */
  dispose(): void;
}

export async function createTfjsExtractor(options: TfjsExtractorOptions): Promise<TfjsExtractor> {
  const { weights, cut, pooling, size, grid = DEFAULT_GRID, batchSize = 8 } = options;
  validateVgg16Options({ cut, size });
  const featureDim = pooledDim(pooling, outputShape(cut, size), grid);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${String(batchSize)}`);

  const { engine } = await initTfjs(options.backend);
  const model = buildVgg16({ cut, size, ...(weights ? { weights } : {}) });
  const frameBytes = size * size * 3;
  let disposed = false;

  function ensureAlive(): void {
    if (disposed) throw new Error('this extractor has been disposed');
  }

  async function extract(frames: Uint8Array, count: number): Promise<Float32Array> {
    ensureAlive();
    checkFrames(frames, count, size);
    const out = new Float32Array(count * featureDim);
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      const batch = frames.subarray(start * frameBytes, (start + n) * frameBytes);
      const features = tf.tidy(() => {
        const maps = model.predict(preprocessCaffe(batch, n, size)) as tf.Tensor4D;
        return poolTensor(maps, pooling, grid);
      });
      try {
        out.set(await features.data(), start * featureDim);
      } finally {
        features.dispose();
      }
    }
    return out;
  }

  async function activations(frame: Uint8Array, layer: string, topK: number): Promise<ActivationMaps> {
    return (await layerActivations(frame, [layer], topK))[0]!;
  }

  async function layerActivations(frame: Uint8Array, layers: readonly string[], topK: number): Promise<ActivationMaps[]> {
    ensureAlive();
    const network = (weights ? networkUpTo(weights.keys(), cut) : layersUpTo(cut)).map((l) => l.name);
    // VGG16's names along this network (an edited set's added convs have no map view of their own).
    const valid = network.filter((name) => VGG16_LAYER_NAMES.includes(name));
    for (const layer of layers) {
      if (!valid.includes(layer)) throw new RangeError(`layer must be one of the model's layers (${valid.join(', ')}), got ${JSON.stringify(layer)}`);
    }
    if (!Number.isInteger(topK) || topK < 0) throw new RangeError(`topK must be a non-negative integer, got ${String(topK)}`);
    if (!(frame instanceof Uint8Array) || frame.length !== frameBytes) {
      throw new RangeError(`frame must be ${size} × ${size} × 3 = ${frameBytes} RGB bytes, got ${frame instanceof Uint8Array ? frame.length : typeof frame}`);
    }
    const deepest = Math.max(...layers.map((layer) => network.indexOf(layer)));
    const wanted = new Set(layers);
    const outputs = tf.tidy(() => {
      // The layers are applied in order on real tensors: the model's own weights, no second model.
      const kept = new Map<string, tf.Tensor3D>();
      let x: tf.Tensor = preprocessCaffe(frame, 1, size);
      for (const name of network.slice(0, deepest + 1)) {
        x = model.getLayer(name).apply(x) as tf.Tensor;
        if (wanted.has(name)) kept.set(name, tf.squeeze(x, [0]) as tf.Tensor3D);
      }
      return layers.map((layer) => kept.get(layer)!);
    });
    try {
      const result: ActivationMaps[] = [];
      for (const [i, layer] of layers.entries()) {
        const [height, width, channelCount] = outputShape(layer, size);
        const values = (await outputs[i]!.data()) as Float32Array;
        result.push(summarise(layer, values, height, width, channelCount, Math.min(topK, channelCount)));
      }
      return result;
    } finally {
      for (const output of outputs) output.dispose();
    }
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    model.dispose();
  }

  return { engine, featureDim, extract, activations, layerActivations, dispose };
}

/** Channel means, the mean map and the top-k channel maps from one [H, W, C] map (plain JS, float64 sums). */
function summarise(layer: string, values: Float32Array, height: number, width: number, channelCount: number, k: number): ActivationMaps {
  const pixels = height * width;
  const strength = new Float64Array(channelCount);
  const meanRaw = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let sum = 0;
    for (let c = 0; c < channelCount; c++) {
      const v = values[p * channelCount + c]!;
      sum += v;
      strength[c] = strength[c]! + v;
    }
    meanRaw[p] = sum / channelCount;
  }
  const order = Array.from({ length: channelCount }, (_, c) => c).sort((a, b) => strength[b]! - strength[a]! || a - b);
  const channels = order.slice(0, k).map((index) => {
    const map = new Float32Array(pixels);
    for (let p = 0; p < pixels; p++) map[p] = values[p * channelCount + index]!;
    return { index, strength: strength[index]! / pixels, map: normalise(map) };
  });
  let min = Infinity;
  let max = -Infinity;
  for (const v of meanRaw) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { layer, width, height, channelCount, mean: normalise(Float32Array.from(meanRaw)), meanRange: [min, max], channels };
}

/**
 * Scales a map into [0, 1] in place for display: v ↦ (v − lo) / (hi − lo) with lo = min(0, min)
 * and hi = max, so a ReLU map (all ≥ 0) is divided by its maximum and zero stays black. A map
 * with hi = lo (say, all zero) becomes all zero.
 */
export function normalise(map: Float32Array): Float32Array {
  let lo = 0;
  let hi = -Infinity;
  for (const v of map) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const range = hi - lo;
  for (let i = 0; i < map.length; i++) map[i] = range > 0 ? (map[i]! - lo) / range : 0;
  return map;
}
