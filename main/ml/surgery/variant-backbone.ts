/**
 * A backbone after layer surgery (any layer list of ../vgg16/variants.ts), built as
 * buildTransferBackbone builds VGG16's: Conv2DLayer convs ('same', ReLU; fast gradients on wasm)
 * and 2×2 max-pools, weights set by layer name, named convs trainable and the rest frozen.
 * Also block1 alone, before and after surgery: the distillation's teacher and student.
 */
import * as tf from '@tensorflow/tfjs';
import { VGG16_INPUT_NAME } from '../tfjs/vgg16.js';
import { Conv2DLayer } from '../transfer/conv-layer.js';
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
  const trainable = new Set(options.trainable ?? []);
  const input = tf.input({ shape: [size, size, 3], name: VGG16_INPUT_NAME, dtype: 'float32' });
  let x: tf.SymbolicTensor = input;
  let trainableBelow = false;
  for (const layer of layers) {
    if (layer.kind === 'conv') {
      x = new Conv2DLayer({
        name: layer.name, filters: layer.filters, kernel: layer.kernel, padding: 'same', activation: 'relu',
        trainable: trainable.has(layer.name), passesGradient: trainableBelow, init: weights?.has(layer.name) ? 'zeros' : 'glorotUniform',
      }).apply(x) as tf.SymbolicTensor;
      trainableBelow ||= trainable.has(layer.name);
    } else {
      x = tf.layers.maxPooling2d({ name: layer.name, poolSize: 2, strides: 2, padding: 'valid', dataFormat: 'channelsLast' }).apply(x) as tf.SymbolicTensor;
    }
  }
  const model = tf.model({ inputs: input, outputs: x, name: `surgery_${options.cut}_${size}` });
  if (weights) {
    for (const conv of convsOf(layers)) {
      const w = weights.get(conv.name);
      if (w) setConvWeights(model, conv.name, w);
    }
  }
  return model;
}

/** Sets one conv layer's kernel and bias. */
export function setConvWeights(model: tf.LayersModel, name: string, weights: ConvWeights): void {
  const kernel = tf.tensor4d(weights.kernel, [...weights.kernelShape]);
  const bias = tf.tensor1d(weights.bias);
  try {
    model.getLayer(name).setWeights([kernel, bias]);
  } finally {
    kernel.dispose();
    bias.dispose();
  }
}

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
