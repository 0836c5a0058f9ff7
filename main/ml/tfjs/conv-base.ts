/**
 * The one builder of VGG16-family conv bases as TensorFlow.js models: every engine and every kind of
 * run builds from a layer description (../vgg16/architecture.ts for VGG16, ../vgg16/variants.ts for
 * an edited network) through here. Every conv is k×k, stride 1, 'same' zero padding, bias, ReLU;
 * every pool is 2×2 max pooling, stride 2, 'valid' (an odd side loses its last row/column).
 *
 * Two conv implementations, the same numerics: 'inference' uses tf.layers.conv2d (the reference the
 * ONNX engine is checked against); 'training' uses Conv2DLayer, whose gradients are forward
 * convolutions (fast and complete on every backend), with the named convs trainable and the rest frozen.
 */
import * as tf from '@tensorflow/tfjs';
import { Conv2DLayer } from '../transfer/conv-layer.js';
import type { NetLayer } from '../vgg16/variants.js';
import type { ConvWeights, WeightSet } from '../weights/weight-set.js';

/** The input layer's name, as Keras 2 names VGG16's input. */
export const VGG16_INPUT_NAME = 'input_1';

export interface ConvBaseOptions {
  /** The network's layers, input side first, up to the last one kept. */
  readonly layers: readonly NetLayer[];
  /** The input side S in pixels (square frames). */
  readonly size: number;
  /** The model's name. */
  readonly name: string;
  /** 'inference': tf.layers.conv2d; 'training': Conv2DLayer, convs in `trainable` train (default 'inference'). */
  readonly convs?: 'inference' | 'training';
  readonly trainable?: readonly string[];
  /** Weights by layer name, set after building; convs without any keep their initialisation. */
  readonly weights?: WeightSet;
  /** How convs without weights start (default Keras's Glorot uniform; 'zeros' draws no random numbers). */
  readonly init?: 'glorotUniform' | 'zeros';
}

/** Builds the conv base; the caller owns the model (`model.dispose()`). */
export function buildConvBase(options: ConvBaseOptions): tf.LayersModel {
  const { size, weights } = options;
  const trainable = new Set(options.trainable ?? []);
  const input = tf.input({ shape: [size, size, 3], name: VGG16_INPUT_NAME, dtype: 'float32' });
  let x: tf.SymbolicTensor = input;
  let trainableBelow = false;
  for (const layer of options.layers) {
    if (layer.kind === 'pool') {
      x = tf.layers.maxPooling2d({ name: layer.name, poolSize: 2, strides: 2, padding: 'valid', dataFormat: 'channelsLast' }).apply(x) as tf.SymbolicTensor;
      continue;
    }
    // Given weights replace the initial values at once: do not spend time drawing random numbers.
    const init = weights?.has(layer.name) ? 'zeros' : (options.init ?? 'glorotUniform');
    x = (options.convs === 'training'
      ? new Conv2DLayer({
          name: layer.name, filters: layer.filters, kernel: layer.kernel, padding: 'same', activation: 'relu', trainable: trainable.has(layer.name), passesGradient: trainableBelow, init,
        })
      : tf.layers.conv2d({
          name: layer.name, filters: layer.filters, kernelSize: layer.kernel, strides: 1, padding: 'same', activation: 'relu', useBias: true, dataFormat: 'channelsLast',
          kernelInitializer: init, biasInitializer: 'zeros',
        })
    ).apply(x) as tf.SymbolicTensor;
    trainableBelow ||= trainable.has(layer.name);
  }
  const model = tf.model({ inputs: input, outputs: x, name: options.name });
  if (weights) {
    try {
      for (const layer of options.layers) {
        const w = layer.kind === 'conv' ? weights.get(layer.name) : undefined;
        if (w) setConvWeights(model, layer.name, w);
      }
    } catch (error) {
      model.dispose();
      throw error;
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
