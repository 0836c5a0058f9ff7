/**
 * TensorFlow.js's Masking layer (same class name, config and mask), computing the mask in one pass
 * over the input instead of with NotEqual and Any on the backend: on wasm those two kernels took
 * about a fifth of a whole training step of the head.
 *
 * With mask value 0 the layer's output equals its input exactly: Keras multiplies each step by its
 * mask, and a step is masked only when all its values are 0 (so ×0 changes none of them; every
 * other step is ×1). The output is therefore the input itself, reshaped to itself (no copy), and
 * its gradient passes through unchanged (tfjs's own cannot be differentiated at all: Any has no
 * gradient). Other mask values, and backends other than wasm and cpu, run tfjs's own call.
 */
import * as tf from '@tensorflow/tfjs';
import { asWasmBackend, floatOffset, heapF32 } from '../wasm-training-kernels/wasm-heap.js';

type MaskingLayer = ReturnType<typeof tf.layers.masking>;
export type MaskingArgs = Parameters<typeof tf.layers.masking>[0];
type Kwargs = Parameters<MaskingLayer['call']>[1];

const StockMasking = tf.serialization.SerializationMap.getMap().classNameMap['Masking']?.[0] as unknown as (new (args?: MaskingArgs) => MaskingLayer) | undefined;
if (!StockMasking) throw new Error("TensorFlow.js has no layer class 'Masking' registered: its version may have changed.");

/** The values of a float32 tensor without a copy where the backend allows (read them at once). */
function values(x: tf.Tensor): Float32Array {
  if (tf.getBackend() === 'wasm') {
    const backend = asWasmBackend(tf.backend(), 'Masking');
    const start = floatOffset(backend, x);
    return heapF32(backend).subarray(start, start + x.size);
  }
  return x.dataSync() as Float32Array;
}

/** mask[b, t] = 1 where any value of step t of clip b differs from 0 (NaN counts as different, as in tfjs). */
export function stepMask(x: tf.Tensor): tf.Tensor {
  const dim = x.shape[x.shape.length - 1]!;
  const steps = x.size / Math.max(1, dim);
  const data = values(x);
  const mask = new Uint8Array(steps);
  for (let s = 0; s < steps; s++) {
    const start = s * dim;
    for (let d = 0; d < dim; d++) {
      if (data[start + d] !== 0) {
        mask[s] = 1;
        break;
      }
    }
  }
  return tf.tensor(mask, x.shape.slice(0, -1), 'bool');
}

const FAST_BACKENDS = new Set(['wasm', 'cpu']);

const isConcrete = (inputs: unknown): inputs is tf.Tensor | tf.Tensor[] =>
  inputs instanceof tf.Tensor || (Array.isArray(inputs) && inputs.length === 1 && inputs[0] instanceof tf.Tensor);

const single = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0]! : inputs);

export class FastMasking extends StockMasking {
  static readonly className = 'Masking';

  private fast(inputs: unknown): boolean {
    // Native backends (tfjs-node) keep their own kernels, as the recurrent layers do.
    if (!FAST_BACKENDS.has(tf.getBackend())) return false;
    return this.maskValue === 0 && isConcrete(inputs) && single(inputs).dtype === 'float32' && single(inputs).rank >= 2;
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return this.fast(inputs) ? stepMask(single(inputs)) : super.computeMask(inputs, mask);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    if (!this.fast(inputs)) return super.call(inputs, kwargs);
    const x = single(inputs);
    return tf.reshape(x, x.shape);
  }
}

export const fastMasking = (args?: MaskingArgs): MaskingLayer => new FastMasking(args);
