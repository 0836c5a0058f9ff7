/**
 * MaxPoolGrad for the wasm backend. The package ships one, but it starts each window's running
 * maximum at FLT_MIN (the smallest positive float) instead of −∞, so a window whose values are all
 * negative passes no gradient at all: wrong wherever max pooling follows a linear conv (Keras's
 * default activation), though harmless after ReLU. This one routes each window's dy to the first
 * largest element in row-major order, as the cpu backend and TensorFlow do.
 */
import * as tf from '@tensorflow/tfjs';
import { checkFloat32 } from './conv-geometry.js';
import { allocF32, asWasmBackend, floatOffset, free, heapF32, type WasmBackend } from './wasm-heap.js';

export interface MaxPoolGradAttrs {
  readonly filterSize: number | [number, number];
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** dx for the pooled `input` and the gradient `dy` of its pooled output, on the wasm backend. */
export function maxPoolGradWasm(backend: WasmBackend, dy: tf.TensorInfo, input: tf.TensorInfo, attrs: MaxPoolGradAttrs): tf.TensorInfo {
  const name = tf.MaxPoolGrad;
  checkFloat32(name, dy, input);
  if (input.shape.length !== 4) throw new Error(`${name} needs a 4-D NHWC input, got shape [${input.shape.join(', ')}].`);
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: FH, filterWidth: FW } = info;
  const expected = [N, OH, OW, C];
  if (dy.shape.some((size, i) => size !== expected[i])) {
    throw new Error(`${name}: dy has shape [${dy.shape.join(', ')}], the pool's output is [${expected.join(', ')}].`);
  }
  const dx = allocF32(backend, [...input.shape]);
  try {
    const heap = heapF32(backend);
    const x = floatOffset(backend, input);
    const g = floatOffset(backend, dy);
    const out = floatOffset(backend, dx);
    heap.fill(0, out, out + N * H * W * C);
    // Per channel of the current window: the best value so far and where it sits (x offset).
    const best = new Float32Array(C);
    const at = new Int32Array(C);
    for (let n = 0; n < N; n++) {
      for (let oh = 0; oh < OH; oh++) {
        const top = oh * sh - info.padInfo.top;
        const y0 = Math.max(0, top);
        const y1 = Math.min(H, top + FH);
        for (let ow = 0; ow < OW; ow++) {
          const left = ow * sw - info.padInfo.left;
          const x0 = Math.max(0, left);
          const x1 = Math.min(W, left + FW);
          best.fill(-Infinity);
          at.fill(-1);
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const pixel = x + ((n * H + iy) * W + ix) * C;
              for (let c = 0; c < C; c++) {
                const v = heap[pixel + c]!;
                if (v > best[c]!) {
                  best[c] = v;
                  at[c] = pixel + c;
                }
              }
            }
          }
          const dyPixel = g + ((n * OH + oh) * OW + ow) * C;
          for (let c = 0; c < C; c++) {
            // −1 only for a window of NaNs or one wholly in the padding: no input element to credit.
            if (at[c]! >= 0) heap[out + (at[c]! - x)]! += heap[dyPixel + c]!;
          }
        }
      }
    }
  } catch (error) {
    free(backend, dx);
    throw error;
  }
  return dx;
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs;
    if (!dy || !input) throw new Error(`${tf.MaxPoolGrad} needs inputs dy and input.`);
    return maxPoolGradWasm(asWasmBackend(backend, tf.MaxPoolGrad), dy, input, attrs as unknown as MaxPoolGradAttrs);
  },
};
