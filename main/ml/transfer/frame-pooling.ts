/**
 * The pooling of a cut's map into one frame's feature vector as a Keras layer, with the exact
 * semantics feature extraction uses (../tfjs/pooling.ts): a fine-tuned model pools the way the
 * features it replaces were pooled.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_GRID, pooledDim, poolTensor, validatePooling, type PoolingMode } from '../tfjs/pooling.js';

export class FramePooling extends tf.layers.Layer {
  static readonly className = 'FramePooling';
  readonly pooling: PoolingMode;
  readonly grid: number;

  constructor(options: { name: string; pooling: PoolingMode; grid?: number }) {
    super({ name: options.name, trainable: false });
    this.pooling = options.pooling;
    this.grid = options.grid ?? DEFAULT_GRID;
    // Checks the mode (and the grid, against the largest map it could fit) now; the map's own side is checked at build.
    validatePooling(this.pooling, this.grid, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number') throw new RangeError(`${this.name}: pooling needs a map of known size, got [${String(h)}, ${String(w)}, ${String(c)}]`);
    return [n ?? null, pooledDim(this.pooling, [h, w, c], this.grid)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const maps = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return poolTensor(maps, this.pooling, this.grid);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pooling: this.pooling, grid: this.grid };
  }
}
