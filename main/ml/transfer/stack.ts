/**
 * A network stacked on a VGG16 cut (the classic transfer-learning recipe's "stack another network on top of any
 * layer"): the shape arithmetic, which checks a stack before anything is built and names the
 * layer at fault, and the Keras layers themselves.
 */
import * as tf from '@tensorflow/tfjs';
import { SOURCE_STACK, StackLayers, type StackLayer } from '../../../shared/api/transfer.js';
import { Conv2DLayer } from './conv-layer.js';

/** A frame's shape after a layer: a map [h, w, c] or a vector [d]. */
export type FrameShape = readonly [number, number, number] | readonly [number];

function describeLayer(layer: StackLayer, index: number): string {
  const detail = layer.type === 'conv2d' ? ` ${layer.filters}×${layer.kernel}×${layer.kernel}` : layer.type === 'dense' ? ` ${layer.units}` : '';
  return `stack layer ${index + 1} (${layer.type}${detail})`;
}

/** The output shape of every stack layer for a cut map `input`; throws naming the first layer that does not fit. */
export function stackShapes(input: readonly [number, number, number], layers: readonly StackLayer[]): FrameShape[] {
  const shapes: FrameShape[] = [];
  let shape: FrameShape = input;
  layers.forEach((layer, index) => {
    const what = describeLayer(layer, index);
    const map = (): readonly [number, number, number] => {
      if (shape.length !== 3) throw new RangeError(`${what} needs a map [h, w, c], but the layer below gives a vector of ${shape[0]}: put it before flatten or dense`);
      return shape;
    };
    switch (layer.type) {
      case 'conv2d': {
        const [h, w] = map();
        const shrink = layer.padding === 'same' ? 0 : layer.kernel - 1;
        if (h - shrink < 1 || w - shrink < 1) throw new RangeError(`${what}: a ${layer.kernel}×${layer.kernel} 'valid' convolution does not fit the ${h}×${w} map below it`);
        shape = [h - shrink, w - shrink, layer.filters];
        break;
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const [h, w, c] = map();
        if (h < layer.pool || w < layer.pool) throw new RangeError(`${what}: a ${layer.pool}×${layer.pool} pool does not fit the ${h}×${w} map below it`);
        shape = [Math.floor(h / layer.pool), Math.floor(w / layer.pool), c];
        break;
      }
      case 'globalAvgPool2d':
      case 'globalMaxPool2d':
        shape = [map()[2]];
        break;
      case 'flatten': {
        const [h, w, c] = map();
        shape = [h * w * c];
        break;
      }
      case 'dense':
        if (shape.length !== 1) throw new RangeError(`${what} needs a vector, but the layer below gives a map [${shape.join(', ')}]: put flatten or a global pool before it`);
        shape = [layer.units];
        break;
      case 'dropout':
      case 'layerNorm':
        break;
    }
    shapes.push(shape);
  });
  return shapes;
}

/** Checks that the stack ends in a vector (what a classifier or an RNN takes); returns its length. */
export function stackOutputDim(input: readonly [number, number, number], layers: readonly StackLayer[]): number {
  const shapes = stackShapes(input, layers);
  const last = shapes[shapes.length - 1] ?? input;
  if (last.length !== 1) throw new RangeError(`the stack must end in a vector, but it ends in a map [${last.join(', ')}]: end it with flatten, a global pool or dense`);
  return last[0];
}

/** Layer names: stack1_conv2d, stack2_maxPool2d, … (bottom first). */
export function stackLayerName(layer: StackLayer, index: number): string {
  return `stack${index + 1}_${layer.type}`;
}

export interface ApplyStackOptions {
  /** Whether a trainable layer lies below the stack (the stack's convs must pass gradients down). */
  readonly trainableBelow: boolean;
  readonly init?: 'glorotUniform' | 'zeros';
}

/** Applies the stack's layers to `x` (a frame's cut map); returns the stack's output and its layers. */
export function applyStack(x: tf.SymbolicTensor, layers: readonly StackLayer[], options: ApplyStackOptions): { output: tf.SymbolicTensor; layers: tf.layers.Layer[] } {
  const built: tf.layers.Layer[] = [];
  let trainableBelow = options.trainableBelow;
  layers.forEach((spec, index) => {
    const name = stackLayerName(spec, index);
    const zeros = options.init === 'zeros';
    let layer: tf.layers.Layer;
    switch (spec.type) {
      case 'conv2d':
        layer = new Conv2DLayer({ name, filters: spec.filters, kernel: spec.kernel, padding: spec.padding, activation: spec.activation, trainable: true, passesGradient: trainableBelow, init: options.init ?? 'glorotUniform' });
        trainableBelow = true;
        break;
      case 'maxPool2d':
        layer = tf.layers.maxPooling2d({ name, poolSize: spec.pool, strides: spec.pool, padding: 'valid' });
        break;
      case 'avgPool2d':
        layer = tf.layers.averagePooling2d({ name, poolSize: spec.pool, strides: spec.pool, padding: 'valid' });
        break;
      case 'globalAvgPool2d':
        layer = tf.layers.globalAveragePooling2d({ name });
        break;
      case 'globalMaxPool2d':
        layer = tf.layers.globalMaxPooling2d({ name });
        break;
      case 'flatten':
        layer = tf.layers.flatten({ name });
        break;
      case 'dense':
        layer = tf.layers.dense({ name, units: spec.units, activation: spec.activation, ...(zeros ? { kernelInitializer: 'zeros' } : {}) });
        trainableBelow = true;
        break;
      case 'dropout':
        layer = tf.layers.dropout({ name, rate: spec.rate });
        break;
      case 'layerNorm':
        layer = tf.layers.layerNormalization({ name, axis: -1 });
        trainableBelow = true;
        break;
    }
    x = layer.apply(x) as tf.SymbolicTensor;
    built.push(layer);
  });
  return { output: x, layers: built };
}

/**
 * The classifier `filmroom backbone train` puts on a cut by default: the source's stack
 * (Conv2D 64 3×3 → MaxPool 2 → Flatten → Dense 256 → Dropout 0.5), after max-pools that bring the
 * map down to at most 16×16 (so Flatten stays small at any cut and size), or Flatten → Dense 256 →
 * Dropout 0.5 alone when the map is too small for the convolution. It keeps where things are in the
 * frame: on synthetic film, single frames averaged over the whole map (global pooling) did not tell
 * play types apart at all, while this stack did.
 */
export function defaultBackboneClassifier([h]: readonly [number, number, number]): StackLayer[] {
  const layers: unknown[] = [];
  let side = h;
  while (side > 16) {
    const pool = Math.min(8, Math.ceil(side / 16));
    layers.push({ type: 'maxPool2d', pool });
    side = Math.floor(side / pool);
  }
  layers.push(...(side >= 6 ? SOURCE_STACK : SOURCE_STACK.filter((l) => l.type !== 'conv2d' && l.type !== 'maxPool2d')));
  return StackLayers.parse(layers);
}
