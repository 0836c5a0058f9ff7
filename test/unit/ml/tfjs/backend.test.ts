import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initTfjs, type TfjsBackendChoice } from '../../../../main/ml/tfjs/backend.js';

describe('initTfjs', () => {
  it('falls back from tfjs-node-gpu (not installed here) to wasm, and says so', async () => {
    const { engine } = await initTfjs();
    expect(engine).toBe('tfjs-wasm (SIMD, 1 thread)');
    expect(tf.getBackend()).toBe('wasm');
    // The wasm binary really runs: a small matmul.
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(product).toBe(11);
  });

  it('starts where asked and switches back when asked again', async () => {
    expect((await initTfjs('cpu')).engine).toBe('tfjs-cpu (pure JavaScript)');
    expect(tf.getBackend()).toBe('cpu');
    expect((await initTfjs('wasm')).engine).toBe('tfjs-wasm (SIMD, 1 thread)');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend, naming it', async () => {
    await expect(initTfjs('webgpu' as TfjsBackendChoice)).rejects.toThrow('preferred backend must be one of node-gpu, wasm, cpu, got webgpu');
  });
});
