/**
 * Conv2DBackpropInput for the wasm backend. The package ships one, but as a plain loop that runs
 * the VGG block1 case (4×56×56×64, 64 filters) about 10× slower than the backend's forward conv
 * and barely 3× faster than the pure-JS backend; this one reaches XNNPACK:
 *
 * - stride 1 (every VGG conv): dx is itself a forward convolution of dy with the filter turned
 *   180° and its in/out channels swapped, padded by (filter − 1 − pad) on each side, which the
 *   backend's Conv2D runs on XNNPACK.
 * - any other stride, or pads beyond what that identity allows: col2im, i.e. the columns
 *   dcol[m, k] = Σ_oc dy[m, oc] · W[k, oc] from one XNNPACK product, scattered back and summed into
 *   the input positions each k = (fy, fx, c) of each output m = (n, oh, ow) read.
 */
import * as tf from '@tensorflow/tfjs';
import {
  checkDyShape, checkFloat32, convGeometry, DEFAULT_MAX_COLUMN_FLOATS, rowsPerChunk,
  type ConvGeometry, type ConvGradAttrs,
} from './conv-geometry.js';
import { allocF32, asWasmBackend, floatOffset, free, heapF32, matMul, runWasmKernel, type WasmBackend } from './wasm-heap.js';

export interface Conv2DBackpropInputAttrs extends ConvGradAttrs {
  readonly inputShape: [number, number, number, number];
}

export interface BackpropInputOptions {
  /** Caps the column block of the col2im path (tests make it small). */
  readonly maxColumnFloats?: number;
  /** Forces the col2im path even where the stride-1 conv applies (tests compare both). */
  readonly forceColumns?: boolean;
}

/** dx for dy and filter on the wasm backend. */
export function conv2dBackpropInputWasm(
  backend: WasmBackend,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  attrs: Conv2DBackpropInputAttrs,
  options: BackpropInputOptions = {},
): tf.TensorInfo {
  const name = tf.Conv2DBackpropInput;
  checkFloat32(name, dy, filter);
  const g = convGeometry(name, attrs.inputShape, filter.shape, attrs);
  checkDyShape(name, dy, g);
  const pads = transposedConvPads(g);
  if (pads && !options.forceColumns) return byForwardConv(backend, dy, filter, g, pads);
  return byColumns(backend, dy, filter, g, options.maxColumnFloats ?? DEFAULT_MAX_COLUMN_FLOATS);
}

/**
 * Pads [top, bottom, left, right] of the forward conv that gives dx at stride 1, or null where it
 * does not apply (stride > 1, or a pad wider than the filter would make one negative). The bottom
 * and right pads come from the sizes so that the output is exactly H × W whatever rounding made OH.
 */
function transposedConvPads(g: ConvGeometry): [number, number, number, number] | null {
  if (g.strideHeight !== 1 || g.strideWidth !== 1) return null;
  const top = g.filterHeight - 1 - g.padTop;
  const left = g.filterWidth - 1 - g.padLeft;
  const bottom = g.inHeight - g.outHeight + g.padTop;
  const right = g.inWidth - g.outWidth + g.padLeft;
  return [top, bottom, left, right].every((p) => p >= 0) ? [top, bottom, left, right] : null;
}

function byForwardConv(backend: WasmBackend, dy: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeometry, [top, bottom, left, right]: number[]): tf.TensorInfo {
  const { filterHeight: FH, filterWidth: FW, inChannels: C, outChannels: OC } = g;
  // W'[fy, fx, oc, c] = W[FH−1−fy, FW−1−fx, c, oc]; a fresh tensor, so the XNNPACK operator the
  // backend caches under its id goes when we free it.
  const turned = allocF32(backend, [FH, FW, OC, C]);
  try {
    const heap = heapF32(backend);
    const src = floatOffset(backend, filter);
    let dst = floatOffset(backend, turned);
    for (let fy = 0; fy < FH; fy++) {
      for (let fx = 0; fx < FW; fx++) {
        const tap = src + ((FH - 1 - fy) * FW + (FW - 1 - fx)) * C * OC;
        for (let oc = 0; oc < OC; oc++) {
          for (let c = 0; c < C; c++) heap[dst++] = heap[tap + c * OC + oc]!;
        }
      }
    }
    const pad: tf.backend_util.ExplicitPadding = [[0, 0], [top!, bottom!], [left!, right!], [0, 0]];
    const dx = runWasmKernel(backend, 'Conv2D', { x: dy, filter: turned }, { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 });
    const expected = [g.batch, g.inHeight, g.inWidth, C];
    if (dx.shape.some((size, i) => size !== expected[i])) {
      free(backend, dx);
      throw new Error(`${tf.Conv2DBackpropInput}: internal shape mismatch, [${dx.shape.join(', ')}] instead of [${expected.join(', ')}].`);
    }
    return dx;
  } finally {
    free(backend, turned);
  }
}

function byColumns(backend: WasmBackend, dy: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeometry, maxColumnFloats: number): tf.TensorInfo {
  const { batch: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: OC } = g;
  const K = g.filterHeight * g.filterWidth * C;
  const totalRows = N * OH;
  const chunkRows = rowsPerChunk(totalRows, K * OW, maxColumnFloats);
  const dx = allocF32(backend, [N, H, W, C]);
  // Wᵀ [OC, K], the right operand of every chunk's product: packed by XNNPACK once, freed at the end.
  const filterT = allocF32(backend, [1, OC, K]);
  try {
    let heap = heapF32(backend);
    heap.fill(0, floatOffset(backend, dx), floatOffset(backend, dx) + N * H * W * C);
    const src = floatOffset(backend, filter);
    const dst = floatOffset(backend, filterT);
    for (let k = 0; k < K; k++) {
      for (let oc = 0; oc < OC; oc++) heap[dst + oc * K + k] = heap[src + k * OC + oc]!;
    }
    for (let first = 0; first < totalRows; first += chunkRows) {
      const rows = Math.min(chunkRows, totalRows - first);
      const dyRows = allocF32(backend, [1, rows * OW, OC]);
      let columns: tf.TensorInfo | null = null;
      try {
        heap = heapF32(backend);
        const start = floatOffset(backend, dy) + first * OW * OC;
        heap.copyWithin(floatOffset(backend, dyRows), start, start + rows * OW * OC);
        columns = matMul(backend, dyRows, filterT);
        heap = heapF32(backend);
        scatterColumns(heap, floatOffset(backend, columns), floatOffset(backend, dx), g, first, rows);
      } finally {
        free(backend, dyRows);
        if (columns) free(backend, columns);
      }
    }
  } catch (error) {
    free(backend, dx);
    throw error;
  } finally {
    free(backend, filterT);
  }
  return dx;
}

/** dx[n, ih, iw, c] += dcol[m, (fy, fx, c)] for every output m in the chunk and every tap inside the input. */
function scatterColumns(heap: Float32Array, columns: number, dx: number, g: ConvGeometry, first: number, rows: number): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw, padTop: top, padLeft: left } = g;
  const K = FH * FW * C;
  let col = columns;
  for (let r = first; r < first + rows; r++) {
    const n = Math.floor(r / OH);
    const oh = r - n * OH;
    for (let ow = 0; ow < OW; ow++, col += K) {
      for (let fy = 0; fy < FH; fy++) {
        const ih = oh * sh + fy - top;
        if (ih < 0 || ih >= H) continue;
        for (let fx = 0; fx < FW; fx++) {
          const iw = ow * sw + fx - left;
          if (iw < 0 || iw >= W) continue;
          const out = dx + ((n * H + ih) * W + iw) * C;
          const tap = col + (fy * FW + fx) * C;
          for (let c = 0; c < C; c++) heap[out + c]! += heap[tap + c]!;
        }
      }
    }
  }
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs;
    if (!dy || !filter) throw new Error(`${tf.Conv2DBackpropInput} needs inputs dy and filter.`);
    return conv2dBackpropInputWasm(asWasmBackend(backend, tf.Conv2DBackpropInput), dy, filter, attrs as unknown as Conv2DBackpropInputAttrs);
  },
};
