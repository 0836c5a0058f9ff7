/**
 * The kernels that convolution training needs and TensorFlow.js's wasm backend (4.22) lacks, runs
 * slowly, or gets wrong. Found by training conv nets there (conv2d + bias + relu, max pool, dense,
 * dropout, softmax; VGG16 blocks) and checking every gradient against the cpu backend:
 * - Conv2DBackpropFilter is missing;
 * - the stock Conv2DBackpropInput is a plain loop about 10× slower than ours;
 * - the stock MaxPoolGrad drops the gradient of windows whose values are all negative;
 * - the stock BatchMatMul leaves XNNPACK for a slow loop whenever an operand is transposed, as in
 *   every matMul gradient (dense layers, the recurrent layers' input projection).
 * The ReLU and bias gradients run correctly on stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig, captureStockBatchMatMul, stockBatchMatMul } from './batch-mat-mul.js';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { maxPoolGradConfig } from './max-pool-grad.js';

export { conv2dBackpropFilterWasm } from './conv2d-backprop-filter.js';
export { conv2dBackpropInputWasm } from './conv2d-backprop-input.js';
export { maxPoolGradWasm } from './max-pool-grad.js';
export { asWasmBackend } from './wasm-heap.js';

interface TrainingKernel {
  readonly config: tf.KernelConfig;
  /** Whether ours replaces a kernel the package already registers (else it only fills a gap). */
  readonly replacesStock: boolean;
  /** Ours calls the package's own kernel (captured first), so it is registered only over it. */
  readonly wrapsStock?: boolean;
}

const KERNELS: readonly TrainingKernel[] = [
  { config: conv2dBackpropFilterConfig, replacesStock: false },
  { config: conv2dBackpropInputConfig, replacesStock: true },
  { config: maxPoolGradConfig, replacesStock: true },
  { config: batchMatMulConfig, replacesStock: true, wrapsStock: true },
];

/**
 * Registers our kernels for the 'wasm' backend; safe to call any number of times, before or after
 * that backend starts (ours need no setup; BatchMatMul passes the package's setup on). Returns the
 * names it registered on this call.
 */
export function registerWasmTrainingKernels(): string[] {
  const registered: string[] = [];
  captureStockBatchMatMul();
  for (const { config, replacesStock, wrapsStock } of KERNELS) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (wrapsStock && !current) continue;
    if (current) {
      if (!replacesStock) continue;
      // registerKernel refuses a name already taken: drop the stock one first.
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel(config);
    registered.push(config.kernelName);
  }
  return registered;
}

/**
 * Puts the package's own BatchMatMul back ('stock') or ours over it ('xnnpack'): the training
 * bench measures the path Film Room had before ours in the same run.
 */
export function useWasmBatchMatMul(which: 'xnnpack' | 'stock'): void {
  const current = tf.getKernel(tf.BatchMatMul, 'wasm');
  const stock = stockBatchMatMul();
  if (!current || !stock) return;
  const wanted = which === 'stock' ? stock : batchMatMulConfig;
  if (current.kernelFunc === wanted.kernelFunc) return;
  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  tf.registerKernel(wanted);
}
