/**
 * A backbone after layer surgery (any layer list of ../vgg16/variants.ts), built as
 * buildTransferBackbone builds VGG16's: Conv2DLayer convs ('same', ReLU; fast gradients on wasm)
 * and 2×2 max-pools, weights set by layer name, named convs trainable and the rest frozen.
 * Also block1 alone, before and after surgery: the distillation's teacher and student.
 */
import type * as tf from '@tensorflow/tfjs';
import { buildConvBase } from '../tfjs/conv-base.js';
import { VGG16_LAYERS } from '../vgg16/architecture.js';
import { BLOCK1_CONV5X5, BLOCK1_CONVS, convsOf, layersThrough, replaceBlock1, type NetLayer } from '../vgg16/variants.js';
import { checkConvWeights } from '../weights/conv-layers.js';
import type { ConvWeights, WeightSet } from '../weights/weight-set.js';

export interface LayerBackboneOptions {
  /** The whole network, e.g. replaceBlock1(VGG16_LAYERS). */
  readonly layers: readonly NetLayer[];
  /** The last layer kept. */
  readonly cut: string;
  readonly size: number;
  /** Weights by layer name, shapes checked; convs it lacks keep Keras's initialisation (Glorot uniform). */
  readonly weights?: WeightSet;
  /** Conv layers that train; every other conv is frozen. */
  readonly trainable?: readonly string[];
}

/** The network up to `cut` for S×S frames; the caller owns it (`model.dispose()`). */
export function buildLayerBackbone(options: LayerBackboneOptions): tf.LayersModel {
  const { size, weights } = options;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${String(size)}`);
  const layers = layersThrough(options.layers, options.cut);
  if (weights) for (const conv of convsOf(layers)) if (weights.has(conv.name)) checkConvWeights(conv, weights.get(conv.name)!);
  return buildConvBase({
    layers, size, name: `surgery_${options.cut}_${size}`, convs: 'training', trainable: options.trainable ?? [], ...(weights ? { weights } : {}),
  });
}

export { setConvWeights } from '../tfjs/conv-base.js';

/** VGG16's layers with block1 replaced by block1_conv5x5. */
export const BLOCK1_REPLACED_LAYERS: readonly NetLayer[] = replaceBlock1(VGG16_LAYERS);

/** The original block1, input → block1_conv2 (frozen): what the student learns to reproduce. */
export function buildBlock1Teacher(weights: WeightSet, size: number): tf.LayersModel {
  return buildLayerBackbone({ layers: VGG16_LAYERS, cut: BLOCK1_CONVS[1], size, weights });
}

/** block1_conv5x5 alone (input → block1_conv5x5), trainable unless `frozen`. */
export function buildBlock1Student(conv5x5: ConvWeights, size: number, options: { frozen?: boolean } = {}): tf.LayersModel {
  return buildLayerBackbone({
    layers: BLOCK1_REPLACED_LAYERS, cut: BLOCK1_CONV5X5, size, weights: new Map([[BLOCK1_CONV5X5, conv5x5]]), trainable: options.frozen ? [] : [BLOCK1_CONV5X5],
  });
}

/**
 * The variant backbone up to `cut`: block1_conv5x5 → block1_pool → block2_conv1 … with every
 * later conv from `weights` (the original set, frozen), block1 from `conv5x5`.
 */
export function buildBlock1VariantBackbone(weights: WeightSet, conv5x5: ConvWeights, cut: string, size: number): tf.LayersModel {
  return buildLayerBackbone({ layers: BLOCK1_REPLACED_LAYERS, cut, size, weights: block1ReplacedSet(weights, conv5x5) });
}

/** The weight set after surgery: `weights` without block1_conv1/2, with block1_conv5x5 first. */
export function block1ReplacedSet(weights: WeightSet, conv5x5: ConvWeights): WeightSet {
  const out = new Map<string, ConvWeights>([[BLOCK1_CONV5X5, conv5x5]]);
  for (const [name, w] of weights) if (!(BLOCK1_CONVS as readonly string[]).includes(name)) out.set(name, w);
  return out;
}
