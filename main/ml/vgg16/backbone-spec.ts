/**
 * A backbone's options, checked the same way by every engine, and the pooling arithmetic they all
 * share (the semantics are spelled out in ../tfjs/pooling.ts). Plain JavaScript: the ONNX engine
 * uses it without loading TensorFlow.js.
 */
import { WeightsError, type WeightSet } from '../weights/weight-set.js';
import { VGG16_LAYER_NAMES } from './architecture.js';
import { networkUpTo } from './variants.js';

export type PoolingMode = 'avg' | 'max' | 'grid' | 'none';
export const POOLING_MODES: readonly PoolingMode[] = ['avg', 'max', 'grid', 'none'];
export const DEFAULT_GRID = 2;
/** As Keras's VGG16 (and the tfjs model) require. */
export const MIN_SIZE = 32;

export function validateCutAndSize(cut: string, size: number): void {
  if (typeof cut !== 'string' || !VGG16_LAYER_NAMES.includes(cut)) {
    throw new RangeError(`cut must be a VGG16 layer name, got ${JSON.stringify(cut)}. Choose one of: ${VGG16_LAYER_NAMES.join(', ')}.`);
  }
  if (typeof size !== 'number' || !Number.isInteger(size) || size < MIN_SIZE) {
    throw new RangeError(`size must be a positive integer ≥ ${MIN_SIZE}, got ${String(size)}`);
  }
}

/** Checks a pooling choice against a map of height × width, naming the bad value. */
export function validatePooling(pooling: PoolingMode, grid: number, height: number, width: number): void {
  if (!POOLING_MODES.includes(pooling)) throw new RangeError(`pooling must be one of ${POOLING_MODES.join(', ')}, got ${JSON.stringify(pooling)}`);
  if (pooling !== 'grid') return;
  if (!Number.isInteger(grid) || grid < 1) throw new RangeError(`grid must be a positive integer, got ${String(grid)}`);
  if (grid > Math.min(height, width)) throw new RangeError(`grid must be at most the map's side (${height}×${width}) so no region is empty, got ${grid}`);
}

/** One frame's feature count for a map [h, w, c]. */
export function pooledDim(pooling: PoolingMode, [h, w, c]: readonly [number, number, number], grid = DEFAULT_GRID): number {
  validatePooling(pooling, grid, h, w);
  if (pooling === 'avg' || pooling === 'max') return c;
  return pooling === 'grid' ? grid * grid * c : h * w * c;
}

/** The [start, end) bins of a side of `length` cut in `g`: floor(i·length/g) to floor((i+1)·length/g). */
export function gridBins(length: number, g: number): [start: number, end: number][] {
  return Array.from({ length: g }, (_, i) => [Math.floor((i * length) / g), Math.floor(((i + 1) * length) / g)]);
}

/**
 * Throws a WeightsError naming the layer and shapes unless `weights` covers every conv up to `cut`
 * of the network they describe (VGG16, or VGG16 after layer surgery: see variants.ts).
 */
export function checkWeights(weights: WeightSet, cut: string): void {
  let layers;
  try {
    layers = networkUpTo(weights.keys(), cut);
  } catch (error) {
    throw new WeightsError(`these weights do not describe a network with ${cut}: ${(error as Error).message}`);
  }
  for (const layer of layers) {
    if (layer.kind !== 'conv') continue;
    const w = weights.get(layer.name);
    const expected = [layer.kernel, layer.kernel, layer.inChannels, layer.filters];
    if (!w) throw new WeightsError(`weights have no layer ${layer.name} (needed for cut ${cut}); expected kernel [${expected.join(', ')}] and bias [${layer.filters}]`);
    const shape = [...w.kernelShape];
    if (shape.length !== 4 || shape.some((d, i) => d !== expected[i])) {
      throw new WeightsError(`${layer.name}: kernel shape [${shape.join(', ')}] does not match the layer's [${expected.join(', ')}]`);
    }
    const elements = expected.reduce((a, b) => a * b, 1);
    if (w.kernel.length !== elements) throw new WeightsError(`${layer.name}: kernel has ${w.kernel.length} values, shape [${expected.join(', ')}] needs ${elements}`);
    if (w.bias.length !== layer.filters) throw new WeightsError(`${layer.name}: bias shape [${w.bias.length}] does not match the layer's [${layer.filters}]`);
  }
}

/** Checks a batch of frames as the engines take it: `count` uint8 RGB frames of S×S, row-major. */
export function checkFrames(frames: Uint8Array, count: number, size: number): void {
  if (!(frames instanceof Uint8Array)) throw new TypeError('frames must be a Uint8Array of RGB bytes');
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
  const bytes = count * size * size * 3;
  if (frames.length !== bytes) throw new RangeError(`frames must hold count × ${size} × ${size} × 3 = ${bytes} bytes, got ${frames.length}`);
}
