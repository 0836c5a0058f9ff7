import { createRequire } from 'node:module';

export interface EngineReport {
  /** Frozen-backbone feature extraction. */
  inference: string;
  /** Training (the RNN head, fine-tuning). */
  training: string;
}

let cached: Promise<EngineReport> | undefined;

/**
 * Which engines this machine gives Film Room, said in words for the UI and the CLI: looked up
 * once, without starting a session or a backend.
 */
export function engineReport(): Promise<EngineReport> {
  cached ??= (async () => {
    const require = createRequire(import.meta.url);
    let inference: string;
    try {
      const ort = await import('onnxruntime-node');
      const version = (require('onnxruntime-node/package.json') as { version: string }).version;
      const backends = ort.listSupportedBackends().map((b) => b.name).filter((name) => name !== 'cpu');
      inference = `ONNX Runtime ${version} (cpu${backends.length ? `; also built for ${backends.join(', ')}` : ''})`;
    } catch (error) {
      inference = `TensorFlow.js wasm (ONNX Runtime failed to load: ${(error as Error).message})`;
    }
    let training = 'TensorFlow.js wasm (SIMD, 1 thread)';
    try {
      await import('@tensorflow/tfjs-node-gpu' as string);
      training = 'TensorFlow.js with native TensorFlow (tfjs-node-gpu)';
    } catch {
      // The optional native package is not installed: the wasm backend trains.
    }
    return { inference, training };
  })();
  return cached;
}
