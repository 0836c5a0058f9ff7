/**
 * Pooling of the cut layer's feature map into one frame's feature vector. These are THE semantics
 * every engine reproduces exactly (the ONNX engine must agree to 1e-4). For a map of height H,
 * width W and C channels, channels-last (element (y, x, c) at index (y·W + x)·C + c):
 *
 *   avg   → [C]:        f[c] = (1 / (H·W)) Σ_y Σ_x map[y, x, c]                 (global average)
 *   max   → [C]:        f[c] = max_y max_x map[y, x, c]                          (global max)
 *   grid  → [g·g·C]:    a g×g grid of average-pooled regions. Row bin i (0 ≤ i < g) covers rows
 *                       y with floor(i·H/g) ≤ y < floor((i+1)·H/g); column bin j likewise with W.
 *                       The bins partition the map (no overlap, no gap) and none is empty since
 *                       g ≤ min(H, W) is required. f[(i·g + j)·C + c] = mean of map[y, x, c] over
 *                       the region (i, j): features ordered (gy, gx, c). E.g. H = 5, g = 2: rows
 *                       [0, 2) and [2, 5). (Not PyTorch's adaptive pooling, whose bins overlap.)
 *                       g = 1 is the same as avg.
 *   none  → [H·W·C]:    the map flattened in its own order (y, x, c), as Keras's Flatten does.
 */
import * as tf from '@tensorflow/tfjs';

import { DEFAULT_GRID, gridBins, validatePooling, type PoolingMode } from '../vgg16/backbone-spec.js';

export { DEFAULT_GRID, gridBins, pooledDim, POOLING_MODES, validatePooling, type PoolingMode } from '../vgg16/backbone-spec.js';

/** Pools a batch of maps [n, H, W, C] into [n, D]; returns a new tensor, leaves `maps` alone. */
export function poolTensor(maps: tf.Tensor4D, pooling: PoolingMode, grid = DEFAULT_GRID): tf.Tensor2D {
  const [n, h, w, c] = maps.shape;
  validatePooling(pooling, grid, h, w);
  return tf.tidy(() => {
    switch (pooling) {
      case 'avg':
        return tf.mean(maps, [1, 2]) as tf.Tensor2D;
      case 'max':
        return tf.max(maps, [1, 2]) as tf.Tensor2D;
      case 'none':
        return tf.reshape(maps, [n, h * w * c]);
      case 'grid': {
        const regions: tf.Tensor2D[] = [];
        for (const [y0, y1] of gridBins(h, grid)) {
          for (const [x0, x1] of gridBins(w, grid)) {
            regions.push(tf.mean(tf.slice(maps, [0, y0, x0, 0], [n, y1 - y0, x1 - x0, c]), [1, 2]) as tf.Tensor2D);
          }
        }
        // [n, g·g, C] in (gy, gx) order → [n, g·g·C] ordered (gy, gx, c).
        return tf.reshape(tf.stack(regions, 1), [n, grid * grid * c]);
      }
    }
  });
}

/**
 * The same pooling over one map in plain JavaScript (float64 accumulation), for engines that get
 * their maps as arrays: map is [H, W, C] channels-last.
 */
export function poolArray(map: Float32Array, shape: readonly [number, number, number], pooling: PoolingMode, grid = DEFAULT_GRID): Float32Array {
  const [h, w, c] = shape;
  validatePooling(pooling, grid, h, w);
  if (map.length !== h * w * c) throw new RangeError(`map must hold ${h}×${w}×${c} = ${h * w * c} values, got ${map.length}`);
  if (pooling === 'none') return Float32Array.from(map);
  if (pooling === 'max') {
    const out = new Float32Array(c).fill(-Infinity);
    for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) out[k] = Math.max(out[k]!, map[p * c + k]!);
    return out;
  }
  const g = pooling === 'grid' ? grid : 1;
  const out = new Float32Array(g * g * c);
  const sums = new Float64Array(c);
  gridBins(h, g).forEach(([y0, y1], i) => {
    gridBins(w, g).forEach(([x0, x1], j) => {
      sums.fill(0);
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) for (let k = 0; k < c; k++) sums[k]! += map[(y * w + x) * c + k]!;
      }
      const area = (y1 - y0) * (x1 - x0);
      for (let k = 0; k < c; k++) out[(i * g + j) * c + k] = sums[k]! / area;
    });
  });
  return out;
}
