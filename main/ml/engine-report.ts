import { createRequire } from 'node:module';

export interface EngineReport {
  /** Frozen-backbone feature extraction. */
  inference: string;
  /** Training (the RNN head, fine-tuning). */
  training: string;
}

let cached: Promise<string> | undefined;

/**
 * Which engines this machine gives Film Room, said in words for the UI and the CLI, without
 * starting a backend: the ONNX provider a session of this process actually runs on once one has
 * opened (a CUDA provider that failed to start shows as the CPU it fell back to), and before that
 * the provider a session will try first.
 */
export async function engineReport(): Promise<EngineReport> {
  const training = await trainingEngine();
  let inference: string;
  try {
    const require = createRequire(import.meta.url);
    const version = (require('onnxruntime-node/package.json') as { version: string }).version;
    const { defaultProviders, providerInUse } = await import('./onnx/session.js');
    const inUse = providerInUse();
    if (inUse) {
      inference = `ONNX Runtime ${version} (${inUse.provider}${inUse.notes.length ? `; ${inUse.notes.join('; ')}` : ''})`;
    } else {
      const [first] = defaultProviders();
      inference = first === 'cpu' || first === undefined ? `ONNX Runtime ${version} (cpu)` : `ONNX Runtime ${version} (${first}; the CPU if ${first} fails to start)`;
    }
  } catch (error) {
    inference = `TensorFlow.js wasm (ONNX Runtime failed to load: ${(error as Error).message})`;
  }
  return { inference, training };
}

function trainingEngine(): Promise<string> {
  cached ??= (async () => {
    let training = 'TensorFlow.js wasm (SIMD, 1 thread)';
    try {
      await import('@tensorflow/tfjs-node-gpu' as string);
      training = 'TensorFlow.js with native TensorFlow (tfjs-node-gpu)';
    } catch {
      // The optional native package is not installed: the wasm backend trains.
    }
    return training;
  })();
  return cached;
}
