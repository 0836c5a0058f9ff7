import type { PoolingMode } from '../ml/tfjs/pooling.js';
import type { WeightSet } from '../ml/weights/index.js';

/** What extraction needs of an engine; ONNX Runtime and TensorFlow.js both provide it. */
export interface FeatureEngine {
  readonly engine: string;
  readonly featureDim: number;
  extract(frames: Uint8Array, count: number): Promise<Float32Array>;
  dispose(): Promise<void> | void;
}

export type EngineChoice = 'auto' | 'onnx' | 'tfjs';

export interface BackboneOptions {
  weights: WeightSet;
  cut: string;
  pooling: PoolingMode;
  grid?: number;
  size: number;
}

/**
 * The fastest engine that loads: ONNX Runtime (CPU here; CUDA, DirectML or CoreML where the
 * machine has them), else TensorFlow.js as the reference and fallback. Says which in `engine`.
 */
export async function openFeatureEngine(options: BackboneOptions, choice: EngineChoice = 'auto'): Promise<FeatureEngine> {
  let onnxFailure: unknown;
  if (choice !== 'tfjs') {
    try {
      const { createOnnxExtractor } = await import('../ml/onnx/engine.js');
      return await createOnnxExtractor(options);
    } catch (error) {
      if (choice === 'onnx') throw error;
      onnxFailure = error;
    }
  }
  const { createTfjsExtractor } = await import('../ml/tfjs/extractor.js');
  const engine = await createTfjsExtractor(options);
  if (onnxFailure === undefined) return engine;
  return Object.assign(engine, { engine: `${engine.engine} (ONNX Runtime failed to load: ${(onnxFailure as Error).message})` });
}
