/**
 * BatchMatMul for the wasm backend. The package's kernel reaches XNNPACK only for untransposed
 * operands with a batch of 1; with transposeA or transposeB (what every matMul gradient asks for:
 * dW = xᵀ·dy, dx = dy·Wᵀ) it runs a plain blocked loop, several times slower. This one transposes
 * the operand explicitly (the backend's Transpose kernel: a copy, linear in its size) and hands
 * the product to the package's kernel untransposed, so it runs on XNNPACK. Batched products
 * (batch > 1) and non-float32 operands go to the package's kernel as they are.
 */
import * as tf from '@tensorflow/tfjs';
import { asWasmBackend, free, runWasmKernel } from './wasm-heap.js';

interface BatchMatMulAttrs {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

let stock: tf.KernelConfig | null = null;

/** Remembers the package's kernel (ours calls it); must run before ours replaces it. */
export function captureStockBatchMatMul(): void {
  const current = tf.getKernel(tf.BatchMatMul, 'wasm');
  if (current && current.kernelFunc !== batchMatMulConfig.kernelFunc) stock = current;
}

/** The package's kernel, once captured. */
export function stockBatchMatMul(): tf.KernelConfig | null {
  return stock;
}

const batchOf = (shape: readonly number[]): number => shape.slice(0, -2).reduce((a, b) => a * b, 1);

/** The last two axes swapped. */
function swapLast(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return perm;
}

function batchMatMul(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  if (!stock) throw new Error(`${tf.BatchMatMul}: the wasm backend's own kernel was not captured before ours was registered.`);
  const stockFunc = stock.kernelFunc as (a: typeof args) => tf.TensorInfo;
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = (args.attrs ?? {}) as unknown as BatchMatMulAttrs;
  if (!a || !b) throw new Error(`${tf.BatchMatMul} needs inputs a and b.`);
  const untransposed = !transposeA && !transposeB;
  const xnnpackCase = a.dtype === 'float32' && b.dtype === 'float32' && a.shape.length >= 2 && b.shape.length >= 2 && batchOf(a.shape) === 1 && batchOf(b.shape) === 1;
  if (untransposed || !xnnpackCase) return stockFunc(args);
  const backend = asWasmBackend(args.backend, tf.BatchMatMul);
  // Fresh blocks: the backend caches XNNPACK's packing of the right operand under its id, and
  // frees that cache with the block.
  const aPlain = transposeA ? runWasmKernel(backend, 'Transpose', { x: a }, { perm: swapLast(a.shape.length) }) : a;
  let bPlain: tf.TensorInfo | null = null;
  try {
    bPlain = transposeB ? runWasmKernel(backend, 'Transpose', { x: b }, { perm: swapLast(b.shape.length) }) : b;
    return stockFunc({ ...args, inputs: { a: aPlain, b: bPlain }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
  } finally {
    if (transposeA) free(backend, aPlain);
    if (transposeB && bPlain) free(backend, bPlain);
  }
}

export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as tf.KernelFunc,
  // The package's setup (binding the C function) must still run when the backend starts after us.
  setupFunc: (backend) => stock?.setupFunc?.(backend),
};
