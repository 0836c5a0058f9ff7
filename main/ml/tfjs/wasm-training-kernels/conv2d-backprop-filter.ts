/**
 * Conv2DBackpropFilter for the wasm backend, which does not ship one (without it no convolution
 * trains there). With x [N, H, W, C], dy [N, OH, OW, OC] and k = (fy, fx, c) in filter order:
 *
 *   dW[k, oc] = Σ_m colT[k, m] · dy[m, oc],   m = (n, oh, ow),
 *   colT[k, m] = x[n, oh·sh + fy − top, ow·sw + fx − left, c]   (0 in the padding),
 *
 * so the work is one matrix product, done by the backend's own BatchMatMul (XNNPACK), after an
 * im2col written in place on the wasm heap. colT is laid out [K, M] rather than [M, K] because the
 * backend reaches XNNPACK only without transposes, and with dy as the right operand (the one
 * XNNPACK packs) the packed matrix is the small one. Large batches go in slices of output rows
 * whose partial products are summed, to bound the im2col block.
 */
import * as tf from '@tensorflow/tfjs';
import {
  checkDyShape, checkFloat32, convGeometry, DEFAULT_MAX_COLUMN_FLOATS, rowsPerChunk, validOutputRange,
  type ConvGeometry, type ConvGradAttrs,
} from './conv-geometry.js';
import { allocF32, asWasmBackend, floatOffset, free, heapF32, matMul, runWasmKernel, type WasmBackend } from './wasm-heap.js';

export interface Conv2DBackpropFilterAttrs extends ConvGradAttrs {
  readonly filterShape: [number, number, number, number];
}

/** dW for x and dy on the wasm backend; `maxColumnFloats` caps the im2col block (tests make it small). */
export function conv2dBackpropFilterWasm(
  backend: WasmBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  attrs: Conv2DBackpropFilterAttrs,
  maxColumnFloats = DEFAULT_MAX_COLUMN_FLOATS,
): tf.TensorInfo {
  const name = tf.Conv2DBackpropFilter;
  checkFloat32(name, x, dy);
  const g = convGeometry(name, x.shape, attrs.filterShape, attrs);
  checkDyShape(name, dy, g);
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const totalRows = g.batch * g.outHeight;
  const chunkRows = rowsPerChunk(totalRows, K * g.outWidth, maxColumnFloats);

  // Channel-major x, [C, N, H, W]: each im2col row then reads a run of one image row.
  const xT = runWasmKernel(backend, 'Transpose', { x }, { perm: [3, 0, 1, 2] });
  let sum: tf.TensorInfo | null = null;
  try {
    for (let first = 0; first < totalRows; first += chunkRows) {
      const rows = Math.min(chunkRows, totalRows - first);
      const partial = chunkProduct(backend, g, xT, dy, first, rows);
      if (sum === null) {
        sum = partial;
      } else {
        addInto(backend, sum, partial, K * g.outChannels);
        free(backend, partial);
      }
    }
  } catch (error) {
    if (sum) free(backend, sum);
    throw error;
  } finally {
    free(backend, xT);
  }
  if (sum === null) {
    // An empty batch: no output rows, so the gradient is zero.
    sum = allocF32(backend, [1, K, g.outChannels]);
    heapF32(backend).fill(0, floatOffset(backend, sum), floatOffset(backend, sum) + K * g.outChannels);
  }
  return { dataId: sum.dataId, shape: [...attrs.filterShape], dtype: 'float32' };
}

/** colT × dy over output rows [first, first + rows) of N·OH: a [K, OC] block. */
function chunkProduct(backend: WasmBackend, g: ConvGeometry, xT: tf.TensorInfo, dy: tf.TensorInfo, first: number, rows: number): tf.TensorInfo {
  const { outWidth: OW, outChannels: OC } = g;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const M = rows * OW;
  const colT = allocF32(backend, [1, K, M]);
  // A fresh copy of the dy rows, even when they are all of dy: BatchMatMul caches XNNPACK's packed
  // copy of its right operand under that tensor's id until the tensor is freed, so an id we free at
  // once can never serve stale packed values to anyone.
  const dyRows = allocF32(backend, [1, M, OC]);
  try {
    const heap = heapF32(backend);
    const dyStart = floatOffset(backend, dy) + first * OW * OC;
    heap.copyWithin(floatOffset(backend, dyRows), dyStart, dyStart + M * OC);
    fillColumnsT(heap, floatOffset(backend, xT), floatOffset(backend, colT), g, first, rows);
    return matMul(backend, colT, dyRows);
  } finally {
    free(backend, colT);
    free(backend, dyRows);
  }
}

/** Writes colT[k, m] for m over the given output rows; `xT` is x as [C, N, H, W]. */
function fillColumnsT(heap: Float32Array, xT: number, colT: number, g: ConvGeometry, first: number, rows: number): void {
  const { batch: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop: top, padLeft: left } = g;
  let dst = colT;
  for (let fy = 0; fy < g.filterHeight; fy++) {
    for (let fx = 0; fx < g.filterWidth; fx++) {
      const [lo, hi] = validOutputRange(fx, left, sw, W, OW);
      for (let c = 0; c < C; c++) {
        for (let r = first; r < first + rows; r++) {
          const n = Math.floor(r / OH);
          const ih = (r - n * OH) * sh + fy - top;
          if (ih < 0 || ih >= H || lo > hi) {
            heap.fill(0, dst, dst + OW);
          } else {
            // Input index of output column ow: src + ow·sw.
            const src = xT + ((c * N + n) * H + ih) * W + fx - left;
            for (let ow = 0; ow < lo; ow++) heap[dst + ow] = 0;
            for (let ow = lo; ow <= hi; ow++) heap[dst + ow] = heap[src + ow * sw]!;
            for (let ow = hi + 1; ow < OW; ow++) heap[dst + ow] = 0;
          }
          dst += OW;
        }
      }
    }
  }
}

function addInto(backend: WasmBackend, target: tf.TensorInfo, addend: tf.TensorInfo, size: number): void {
  const heap = heapF32(backend);
  const t = floatOffset(backend, target);
  const a = floatOffset(backend, addend);
  for (let i = 0; i < size; i++) heap[t + i]! += heap[a + i]!;
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    if (!x || !dy) throw new Error(`${tf.Conv2DBackpropFilter} needs inputs x and dy.`);
    return conv2dBackpropFilterWasm(asWasmBackend(backend, tf.Conv2DBackpropFilter), x, dy, attrs as unknown as Conv2DBackpropFilterAttrs);
  },
};
