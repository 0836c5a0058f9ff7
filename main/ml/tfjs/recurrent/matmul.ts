/**
 * The matrix products a fused recurrent layer needs, on plain row-major Float32Arrays:
 *   - `multiply`: one product out[M×N] = a[M×K] · b[K×N] (the weight gradients over all steps);
 *   - `withRight`: a right operand held for many products with changing left operands (the
 *     recurrent kernel, multiplied by the state once per time step).
 * On the wasm backend they run on XNNPACK through the backend's BatchMatMul kernel (called
 * directly on heap blocks, outside the engine); elsewhere as plain loops.
 */
import * as tf from '@tensorflow/tfjs';
import { allocF32, asWasmBackend, floatOffset, free, heapF32, matMul, type WasmBackend } from '../wasm-training-kernels/wasm-heap.js';

export interface RightOperand {
  /** out[m×N] = a[m×K] · b, into `out` (length ≥ m·N). */
  multiply(a: Float32Array, m: number, out: Float32Array): void;
  /** Frees what the operand holds outside the JavaScript heap. */
  dispose(): void;
}

export interface MatMul {
  /** Which implementation this is, for tests and reports. */
  readonly kind: 'xnnpack' | 'js';
  multiply(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array;
  withRight(b: Float32Array, k: number, n: number): RightOperand;
}

/** The best implementation for the current TensorFlow.js backend. */
export function matMulForBackend(): MatMul {
  return tf.getBackend() === 'wasm' ? wasmMatMul(asWasmBackend(tf.backend(), 'recurrent layer')) : JS_MAT_MUL;
}

function jsProduct(a: Float32Array, b: Float32Array, m: number, k: number, n: number, out: Float32Array): void {
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p]!;
      if (av === 0) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) out[row + j]! += av * b[bRow + j]!;
    }
  }
}

export const JS_MAT_MUL: MatMul = {
  kind: 'js',
  multiply(a, b, m, k, n) {
    const out = new Float32Array(m * n);
    jsProduct(a, b, m, k, n, out);
    return out;
  },
  withRight(b, k, n) {
    return { multiply: (a, m, out) => jsProduct(a, b, m, k, n, out), dispose: () => undefined };
  },
};

/** Copies `values` into a new heap block of the given shape. */
function upload(backend: WasmBackend, values: Float32Array, shape: number[]): tf.TensorInfo {
  const info = allocF32(backend, shape);
  heapF32(backend).set(values, floatOffset(backend, info));
  return info;
}

function download(backend: WasmBackend, info: tf.TensorInfo, out: Float32Array, size: number): void {
  const start = floatOffset(backend, info);
  out.set(heapF32(backend).subarray(start, start + size));
}

export function wasmMatMul(backend: WasmBackend): MatMul {
  return {
    kind: 'xnnpack',
    multiply(a, b, m, k, n) {
      const out = new Float32Array(m * n);
      if (m === 0 || n === 0 || k === 0) return out;
      const left = upload(backend, a.subarray(0, m * k), [1, m, k]);
      let right: tf.TensorInfo | null = null;
      try {
        right = upload(backend, b.subarray(0, k * n), [1, k, n]);
        const product = matMul(backend, left, right);
        download(backend, product, out, m * n);
        free(backend, product);
      } finally {
        free(backend, left);
        // Freeing the right operand also drops the XNNPACK operator cached under its id.
        if (right) free(backend, right);
      }
      return out;
    },
    withRight(b, k, n) {
      // The backend caches XNNPACK's packed copy of a right operand under its id, so holding one
      // block for all the steps packs the kernel once per sequence rather than once per step.
      const right = upload(backend, b.subarray(0, k * n), [1, k, n]);
      let left: tf.TensorInfo | null = null;
      let rows = 0;
      return {
        multiply(a, m, out) {
          if (m === 0) return;
          if (left === null || rows !== m) {
            if (left) free(backend, left);
            left = allocF32(backend, [1, m, k]);
            rows = m;
          }
          heapF32(backend).set(a.subarray(0, m * k), floatOffset(backend, left));
          const product = matMul(backend, left, right);
          download(backend, product, out, m * n);
          free(backend, product);
        },
        dispose() {
          if (left) free(backend, left);
          left = null;
          free(backend, right);
        },
      };
    },
  };
}
