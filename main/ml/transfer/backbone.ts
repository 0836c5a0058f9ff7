/**
 * VGG16's conv base cut at any layer, for training: the same layers, names, shapes and inference
 * numerics as buildVgg16 (../tfjs/vgg16.ts), with the chosen convs trainable and the rest frozen.
 * Convolutions are Conv2DLayer, whose gradients are forward convolutions (see conv-gradient.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import { buildConvBase } from '../tfjs/conv-base.js';
import { validateVgg16Options } from '../tfjs/vgg16.js';
import { layersUpTo } from '../vgg16/architecture.js';
import { networkUpTo } from '../vgg16/variants.js';
import { checkWeights } from '../vgg16/backbone-spec.js';
import type { ConvWeights, WeightSet } from '../weights/weight-set.js';
import { Conv2DLayer } from './conv-layer.js';

export interface TransferBackboneOptions {
  readonly cut: string;
  readonly size: number;
  /** Conv layer names that train (see trainable.ts); every other conv is frozen. */
  readonly trainable: readonly string[];
  /** Weights by Keras layer name; without them, Keras's initialisation (or zeros, see `init`). */
  readonly weights?: WeightSet;
  readonly init?: 'glorotUniform' | 'zeros';
}

/** The conv base up to `cut` for S×S frames; the caller owns it (`model.dispose()`). */
export function buildTransferBackbone(options: TransferBackboneOptions): tf.LayersModel {
  validateVgg16Options(options);
  const { cut, size, weights } = options;
  if (weights) checkWeights(weights, cut);
  // An edited set (layer surgery) brings its own architecture, as in buildVgg16.
  return buildConvBase({
    layers: weights ? networkUpTo(weights.keys(), cut) : layersUpTo(cut), size, name: `vgg16_${cut}_${size}`, convs: 'training', trainable: options.trainable,
    ...(weights ? { weights } : {}), ...(options.init ? { init: options.init } : {}),
  });
}

/** The named conv layers' current weights, copied out, in Keras's layout. */
export function readConvWeights(backbone: tf.LayersModel, names: readonly string[]): WeightSet {
  const out = new Map<string, ConvWeights>();
  for (const name of names) {
    const [kernel, bias] = backbone.getLayer(name).getWeights();
    if (!kernel || !bias) throw new RangeError(`${name} has no kernel and bias`);
    const [kh, kw, inChannels, filters] = kernel.shape as [number, number, number, number];
    out.set(name, { kernel: Float32Array.from(kernel.dataSync()), kernelShape: [kh, kw, inChannels, filters], bias: Float32Array.from(bias.dataSync()) });
  }
  return out;
}

/** Every conv of the backbone as a weight set (what a trained backbone saves), an edited one's too. */
export function backboneWeightSet(backbone: tf.LayersModel): WeightSet {
  return readConvWeights(backbone, backbone.layers.filter((layer) => layer instanceof Conv2DLayer).map((layer) => layer.name));
}
