/**
 * The recurrence of an LSTM or GRU layer over a whole sequence as one TensorFlow.js operation with
 * a hand-written gradient (tf.customGrad): the per-step work of tfjs's own layers (a dozen small
 * tensors per step, each taped for backprop) becomes a loop over plain arrays, with the per-step
 * products on XNNPACK on the wasm backend (see ./matmul.ts).
 *
 * Its input is the input projection for all steps at once, z = x·W + b [B, T, G·u], which the
 * layer computes as one matrix product (its gradient reaches W, b and x through tfjs's own
 * matMul and add); the operation returns the layer's output and, backward, dz and dU.
 */
import * as tf from '@tensorflow/tfjs';
import { gruBackward, gruForward } from './gru-sequence.js';
import { lstmBackward, lstmForward } from './lstm-sequence.js';
import { matMulForBackend } from './matmul.js';
import type { SequenceOptions, SequenceShape } from './sequence.js';

export type RecurrentCell = 'lstm' | 'gru';

export const GATES: Record<RecurrentCell, number> = { lstm: 4, gru: 3 };

interface Pass {
  output: Float32Array;
  backward(dy: Float32Array): { dz: Float32Array; dKernel: Float32Array };
}

function forward(cell: RecurrentCell, z: Float32Array, kernel: Float32Array, mask: Float32Array | null, shape: SequenceShape, options: SequenceOptions): Pass {
  const mm = matMulForBackend();
  if (cell === 'lstm') {
    const { output, tape } = lstmForward(z, kernel, mask, shape, options, mm);
    return { output, backward: (dy) => lstmBackward(dy, kernel, mask, tape, shape, options, matMulForBackend()) };
  }
  const { output, tape } = gruForward(z, kernel, mask, shape, options, mm);
  return { output, backward: (dy) => gruBackward(dy, kernel, mask, tape, shape, options, matMulForBackend()) };
}

/**
 * The layer's output ([B, T, u] with returnSequences, else [B, u]) for z [B, T, G·u], the recurrent
 * kernel [u, G·u] and an optional mask [B, T] (any non-zero value marks a step to process).
 */
export function recurrentSequence(
  cell: RecurrentCell, z: tf.Tensor3D, kernel: tf.Tensor2D, mask: tf.Tensor | null, options: SequenceOptions,
): tf.Tensor {
  const [B, T, width] = z.shape;
  const [units, kernelWidth] = kernel.shape;
  const gates = GATES[cell];
  if (width !== gates * units || kernelWidth !== gates * units) {
    throw new RangeError(`${cell}: z is [${z.shape.join(', ')}] and the recurrent kernel [${kernel.shape.join(', ')}]; both need ${gates}·units = ${gates * units} columns`);
  }
  if (T < 1) throw new RangeError(`${cell}: a sequence needs at least one time step, got ${T}`);
  if (mask !== null && (mask.size !== B * T)) throw new RangeError(`${cell}: the mask has shape [${mask.shape.join(', ')}], the inputs ${B} × ${T} steps`);
  const shape: SequenceShape = { batch: B, steps: T, units };
  const outShape = options.returnSequences ? [B, T, units] : [B, units];
  // The mask is read here, outside the operation: it only selects steps, and no gradient flows
  // into it (tfjs's Masking builds it with Any, which has none).
  const maskValues = mask === null ? null : readMask(mask);
  const sequence = tf.customGrad((zIn, kernelIn) => {
    const pass = forward(cell, (zIn as tf.Tensor).dataSync() as Float32Array, (kernelIn as tf.Tensor).dataSync() as Float32Array, maskValues, shape, options);
    return {
      value: tf.tensor(pass.output, outShape, 'float32'),
      gradFunc: (dy: tf.Tensor) => {
        const { dz, dKernel } = pass.backward(dy.dataSync() as Float32Array);
        return [tf.tensor(dz, z.shape, 'float32'), tf.tensor(dKernel, kernel.shape, 'float32')];
      },
    };
  });
  return sequence(z, kernel);
}

function readMask(mask: tf.Tensor): Float32Array {
  if (mask.dtype === 'float32') return mask.dataSync() as Float32Array;
  const cast = tf.cast(mask, 'float32');
  try {
    return cast.dataSync() as Float32Array;
  } finally {
    cast.dispose();
  }
}
