/**
 * VGG16's convolutional base as a TensorFlow.js functional model, cut at any layer, with Keras's
 * exact layer names so weights load by name. This model is the numeric reference that the ONNX
 * Runtime engine must match (max abs difference ≤ 1e-4).
 *
 * Layers (see ../vgg16/architecture.ts): every conv is 3×3, stride 1, 'same' zero padding, bias,
 * ReLU; every pool is 2×2 max pooling, stride 2, 'valid' padding (an odd side loses its last
 * row/column: out = floor(in / 2)). Input: [S, S, 3] float32, already 'caffe'-preprocessed
 * (see preprocessCaffe): BGR channel order, ImageNet means subtracted, no scaling.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGENET_BGR_MEANS, layersUpTo } from '../vgg16/architecture.js';
import { checkWeights, MIN_SIZE, validateCutAndSize } from '../vgg16/backbone-spec.js';
import { networkUpTo } from '../vgg16/variants.js';
import { buildConvBase, setConvWeights } from './conv-base.js';
import type { WeightSet } from '../weights/weight-set.js';

export { checkWeights } from '../vgg16/backbone-spec.js';

export interface Vgg16Options {
  /** The last layer kept, a Keras name such as 'block3_pool'. */
  readonly cut: string;
  /** The input side S in pixels (square frames); Keras's VGG16 needs at least 32. */
  readonly size: number;
  /**
   * Weights by Keras layer name; every conv up to the cut must be present (layers after the cut
   * are ignored). Without it, Keras's initialisation: Glorot-uniform kernels, zero biases.
   */
  readonly weights?: WeightSet;
}

export { VGG16_INPUT_NAME } from './conv-base.js';
export const MIN_VGG16_SIZE = MIN_SIZE;

/** Checks the options, naming the bad value; shared by the model and the extractor. */
export function validateVgg16Options(options: Pick<Vgg16Options, 'cut' | 'size'>): void {
  validateCutAndSize(options.cut, options.size);
}

/** Builds the conv base up to `cut` for S×S inputs; the caller owns the model (`model.dispose()`). */
export function buildVgg16(options: Vgg16Options): tf.LayersModel {
  validateVgg16Options(options);
  const { cut, size, weights } = options;
  // An edited set (layer surgery) brings its own architecture: its names say where each layer goes.
  if (weights) checkWeights(weights, cut);
  const layers = weights ? networkUpTo(weights.keys(), cut) : layersUpTo(cut);
  return buildConvBase({ layers, size, name: `vgg16_${cut}_${size}`, ...(weights ? { weights } : {}) });
}

/** Sets every conv layer of `model` (by Keras name) from `weights`; checks shapes first. */
export function setVgg16Weights(model: tf.LayersModel, weights: WeightSet): void {
  const last = model.layers[model.layers.length - 1];
  if (!last) throw new RangeError('model has no layers');
  checkWeights(weights, last.name);
  for (const layer of networkUpTo(weights.keys(), last.name)) {
    if (layer.kind === 'conv') setConvWeights(model, layer.name, weights.get(layer.name)!);
  }
}

/**
 * Keras VGG16 preprocessing ('caffe' mode): uint8 RGB frames, row-major [n, S, S, 3], become
 * float32 BGR with the ImageNet means subtracted per channel: out[..., 0] = B − 103.939,
 * out[..., 1] = G − 116.779, out[..., 2] = R − 123.68. No scaling to [0, 1].
 * Pure: returns a new tensor the caller disposes; a tensor argument is not disposed.
 */
export function preprocessCaffe(rgb: Uint8Array, count: number, size: number): tf.Tensor4D;
export function preprocessCaffe(rgb: tf.Tensor4D): tf.Tensor4D;
export function preprocessCaffe(rgb: Uint8Array | tf.Tensor4D, count?: number, size?: number): tf.Tensor4D {
  return tf.tidy(() => {
    let frames: tf.Tensor4D;
    if (rgb instanceof Uint8Array) {
      if (!Number.isInteger(count) || (count as number) < 0) throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
      if (!Number.isInteger(size) || (size as number) < 1) throw new RangeError(`size must be a positive integer, got ${String(size)}`);
      const n = count as number;
      const s = size as number;
      if (rgb.length !== n * s * s * 3) {
        throw new RangeError(`frames must hold count × size × size × 3 = ${n * s * s * 3} bytes, got ${rgb.length}`);
      }
      frames = tf.tensor4d(rgb, [n, s, s, 3], 'int32');
    } else {
      if (rgb.rank !== 4 || rgb.shape[3] !== 3) throw new RangeError(`frames must have shape [n, S, S, 3], got [${rgb.shape.join(', ')}]`);
      frames = rgb;
    }
    const bgr = tf.reverse(tf.cast(frames, 'float32'), -1);
    return tf.sub(bgr, tf.tensor1d([...IMAGENET_BGR_MEANS])) as tf.Tensor4D;
  });
}
