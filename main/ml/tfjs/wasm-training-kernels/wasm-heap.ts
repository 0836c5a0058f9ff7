/**
 * The few parts of TensorFlow.js's wasm backend that our JavaScript kernels rely on, typed narrowly
 * so that a change in the package shows up here and nowhere else.
 *
 * On that backend every tensor is a block of the WebAssembly module's heap: `dataIdMap` gives its
 * byte offset, `makeOutput` mallocs a new one (uninitialised: callers zero it when they need to),
 * `disposeData` frees it. A kernel may therefore read and write tensor data in place through a
 * Float32Array over the whole heap, and hand blocks to the backend's own kernels (XNNPACK) by
 * calling their kernel functions directly: that bypasses the engine, so nothing is taped or tracked.
 */
import * as tf from '@tensorflow/tfjs';

export interface WasmBackend {
  readonly wasm: { readonly HEAPU8: Uint8Array };
  readonly dataIdMap: { get(dataId: object): { readonly memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Narrows the `backend` a kernel receives, failing loudly if it is not the wasm backend. */
export function asWasmBackend(backend: unknown, kernelName: string): WasmBackend {
  const candidate = backend as Partial<WasmBackend> | null;
  if (!candidate?.wasm?.HEAPU8 || typeof candidate.makeOutput !== 'function' || !candidate.dataIdMap) {
    throw new Error(`${kernelName}: this kernel runs on the wasm backend only.`);
  }
  return candidate as WasmBackend;
}

/**
 * A Float32Array over the whole heap. Take it after the last allocation you need: malloc may grow
 * the memory, which detaches every view taken before.
 */
export function heapF32(backend: WasmBackend): Float32Array {
  const bytes = backend.wasm.HEAPU8;
  return new Float32Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 2);
}

/** Index of a float32 tensor's first element in `heapF32` (malloc aligns to at least 8 bytes). */
export function floatOffset(backend: WasmBackend, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error('wasm tensor data not found: was the tensor disposed?');
  return data.memoryOffset / 4;
}

export function allocF32(backend: WasmBackend, shape: number[]): tf.TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

export function free(backend: WasmBackend, info: tf.TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** Runs another wasm kernel (BatchMatMul, Conv2D, Transpose…) on heap blocks, outside the engine. */
export function runWasmKernel(backend: WasmBackend, kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const config = tf.getKernel(kernelName, 'wasm');
  if (!config) throw new Error(`wasm kernel ${kernelName} is not registered.`);
  return config.kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
}

/** out[1, rows, cols] = a[1, rows, inner] × b[1, inner, cols], on XNNPACK (its only fast case: no transposes, batch 1). */
export function matMul(backend: WasmBackend, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  return runWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
}
