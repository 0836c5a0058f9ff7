/**
 * A Keras Conv2D (stride 1, bias, channels last) whose training pass takes its gradients from
 * conv-gradient.ts, so convolutions train on every backend at about forward speed. Inference is
 * the very call tf.layers.conv2d makes (fused conv + bias + activation), so a backbone built
 * from these layers computes what buildVgg16 computes with the same weights.
 *
 * Its weights are `kernel` [k, k, in, filters] and `bias` [filters], in that order, under the
 * layer's name, as Keras's, so weight sets load into it by name and its config reads as Conv2D's.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dValid, samePadding } from './conv-gradient.js';

export type ConvActivation = 'relu' | 'linear' | 'tanh' | 'sigmoid';

export interface ConvLayerOptions {
  readonly name: string;
  readonly filters: number;
  readonly kernel: number;
  readonly padding: 'same' | 'valid';
  readonly activation: ConvActivation;
  readonly trainable: boolean;
  /**
   * Whether a gradient must flow back through this layer to its input: true when a trainable
   * layer lies below it. False saves the input-gradient convolution.
   */
  readonly passesGradient: boolean;
  /** 'zeros' skips drawing random numbers when weights are set at once or never used. */
  readonly init?: 'glorotUniform' | 'zeros';
}

export class Conv2DLayer extends tf.layers.Layer {
  // Reads as Keras's Conv2D in model.summary(), in descriptions and in a saved topology.
  static readonly className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly padding: 'same' | 'valid';
  readonly activation: ConvActivation;
  readonly passesGradient: boolean;
  private readonly init: 'glorotUniform' | 'zeros';
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(options: ConvLayerOptions) {
    super({ name: options.name, trainable: options.trainable });
    for (const [key, value] of [['filters', options.filters], ['kernel', options.kernel]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${options.name}: ${key} must be a positive integer, got ${String(value)}`);
    }
    this.filters = options.filters;
    this.kernelSize = options.kernel;
    this.padding = options.padding;
    this.activation = options.activation;
    this.passesGradient = options.passesGradient;
    this.init = options.init ?? 'glorotUniform';
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (typeof channels !== 'number') throw new RangeError(`${this.name}: the input's channel count must be known`);
    const k = this.kernelSize;
    const kernelInit = this.init === 'zeros' ? tf.initializers.zeros() : tf.initializers.glorotUniform({});
    this.kernel = this.addWeight('kernel', [k, k, channels, this.filters], 'float32', kernelInit);
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const shrink = this.padding === 'same' ? 0 : this.kernelSize - 1;
    const side = (d: number | null | undefined) => (typeof d === 'number' ? d - shrink : null);
    return [n ?? null, side(h), side(w), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const kernel = this.kernel!.read() as tf.Tensor4D;
      const bias = this.bias!.read() as tf.Tensor1D;
      const training = kwargs['training'] === true;
      const needs = { filter: training && this.trainable, input: training && this.passesGradient };
      if (!needs.filter && !needs.input) {
        // Exactly what tf.layers.conv2d does, so inference matches buildVgg16 bit for bit.
        const fused = this.activation === 'relu' || this.activation === 'linear' || this.activation === 'sigmoid';
        const activation = fused ? (this.activation as 'relu' | 'linear' | 'sigmoid') : 'linear';
        const y = tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: this.padding, dataFormat: 'NHWC', bias, activation });
        return fused ? y : tf.tanh(y);
      }
      let padded = x;
      if (this.padding === 'same') {
        const [before, after] = samePadding(this.kernelSize);
        padded = tf.pad(x, [[0, 0], [before, after], [before, after], [0, 0]]);
      }
      const y = tf.add(conv2dValid(padded, kernel, needs), bias);
      switch (this.activation) {
        case 'relu':
          return tf.relu(y);
        case 'tanh':
          return tf.tanh(y);
        case 'sigmoid':
          return tf.sigmoid(y);
        case 'linear':
          return y;
      }
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [this.kernelSize, this.kernelSize],
      strides: [1, 1],
      padding: this.padding,
      dataFormat: 'channelsLast',
      dilationRate: [1, 1],
      activation: this.activation,
      useBias: true,
    };
  }
}
