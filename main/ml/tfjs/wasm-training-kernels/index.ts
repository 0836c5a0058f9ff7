/**
 * The kernels that convolution training needs and TensorFlow.js's wasm backend (4.22) lacks, runs
 * slowly, or gets wrong. Found by training conv nets there (conv2d + bias + relu, max pool, dense,
 * dropout, softmax; VGG16 blocks) and checking every gradient against the cpu backend:
 * - Conv2DBackpropFilter is missing;
 * - the stock Conv2DBackpropInput is a plain loop about 10× slower than ours;
 * - the stock MaxPoolGrad drops the gradient of windows whose values are all negative.
 * The ReLU, bias and dense gradients run correctly on stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
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
}

const KERNELS: readonly TrainingKernel[] = [
  { config: conv2dBackpropFilterConfig, replacesStock: false },
  { config: conv2dBackpropInputConfig, replacesStock: true },
  { config: maxPoolGradConfig, replacesStock: true },
];

/**
 * Registers our kernels for the 'wasm' backend; safe to call any number of times, before or after
 * that backend starts (the kernels need no setup). Returns the names it registered on this call.
 */
export function registerWasmTrainingKernels(): string[] {
  const registered: string[] = [];
  for (const { config, replacesStock } of KERNELS) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
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
