/**
 * The ONNX Runtime feature extractor: the frozen VGG16 conv base, cut and pooled, on the fastest
 * provider the machine has. uint8 RGB frames go into the graph as they are (preprocessing is in
 * the graph; no float conversion in JavaScript). Agrees with the TensorFlow.js extractor
 * (../tfjs/extractor.ts) to 1e-4 on the same weights and frames.
 *
 * Note: onnxruntime-node runs a batch synchronously on the calling thread (the promise only
 * defers the start), so long extractions belong in a worker or utility process, as jobs are.
 */
import * as ort from 'onnxruntime-node';
import { layersUpTo, outputShape } from '../vgg16/architecture.js';
import { FEATURES_NAME, INPUT_NAME } from './onnx-model.js';
import { openVggSession, type OnnxProvider, type VggSessionOptions } from './session.js';

/**
 * Frames per run. Measured on the 2-core machine at 112×112 (raw session, block5_pool avg):
 * 8 beat 4 and 1 (see the report in raw-speed.ts); larger batches only add memory.
 */
export const DEFAULT_BATCH_SIZE = 8;

export interface OnnxExtractorOptions extends VggSessionOptions {
  /** Frames per run (default DEFAULT_BATCH_SIZE). */
  readonly batchSize?: number;
}

export interface OnnxActivationMap {
  readonly layer: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** [height, width, channels] row-major (NHWC, as Keras gives it), post-ReLU for a conv. */
  readonly values: Float32Array;
}

export interface OnnxExtractor {
  /** e.g. 'onnxruntime-node 1.30.0 (cpu, 2 threads)'. */
  readonly engine: string;
  /** The provider the session runs on. */
  readonly provider: OnnxProvider;
  /** Features per frame. */
  readonly featureDim: number;
  /** frames: `count` uint8 RGB frames, row-major [count, S, S, 3]; returns [count, featureDim] row-major. */
  extract(frames: Uint8Array, count: number): Promise<Float32Array>;
  /** One frame's raw map at `layer` (a layer up to the cut), from a second session kept until the next layer or dispose. */
  activationMap(frame: Uint8Array, layer: string): Promise<OnnxActivationMap>;
  /** Releases the sessions; the extractor cannot be used afterwards. */
  dispose(): Promise<void>;
}

export async function createOnnxExtractor(options: OnnxExtractorOptions): Promise<OnnxExtractor> {
  const { size, cut, batchSize = DEFAULT_BATCH_SIZE } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${String(batchSize)}`);
  const main = await openVggSession(options);
  const { session, featureDim } = main;
  const frameBytes = size * size * 3;
  let mapSession: { layer: string; session: ort.InferenceSession } | null = null;
  let disposed = false;

  function ensureAlive(): void {
    if (disposed) throw new Error('this ONNX extractor has been disposed');
  }

  async function runFeatures(target: ort.InferenceSession, frames: Uint8Array, n: number): Promise<Float32Array> {
    const input = new ort.Tensor('uint8', frames, [n, size, size, 3]);
    const results = await target.run({ [INPUT_NAME]: input });
    const output = results[FEATURES_NAME]!;
    try {
      return output.data as Float32Array;
    } finally {
      for (const value of Object.values(results)) value.dispose();
    }
  }

  async function extract(frames: Uint8Array, count: number): Promise<Float32Array> {
    ensureAlive();
    if (!(frames instanceof Uint8Array)) throw new TypeError('frames must be a Uint8Array of RGB bytes');
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${String(count)}`);
    if (frames.length !== count * frameBytes) {
      throw new RangeError(`frames must hold count × ${size} × ${size} × 3 = ${count * frameBytes} bytes, got ${frames.length}`);
    }
    const out = new Float32Array(count * featureDim);
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      ensureAlive();
      out.set(await runFeatures(session, frames.subarray(start * frameBytes, (start + n) * frameBytes), n), start * featureDim);
    }
    return out;
  }

  async function activationMap(frame: Uint8Array, layer: string): Promise<OnnxActivationMap> {
    ensureAlive();
    const valid = layersUpTo(cut).map((l) => l.name);
    if (!valid.includes(layer)) throw new RangeError(`layer must be one of the model's layers (${valid.join(', ')}), got ${JSON.stringify(layer)}`);
    if (!(frame instanceof Uint8Array) || frame.length !== frameBytes) {
      throw new RangeError(`frame must be ${size} × ${size} × 3 = ${frameBytes} RGB bytes, got ${frame instanceof Uint8Array ? frame.length : typeof frame}`);
    }
    if (mapSession?.layer !== layer) {
      const previous = mapSession;
      mapSession = null;
      await previous?.session.release();
      // The same provider that worked for the main session; 'none' pooling is the NHWC map itself.
      const opened = await openVggSession({ ...options, cut: layer, pooling: 'none', providers: [main.provider], threads: main.threads });
      if (disposed) {
        await opened.session.release();
        ensureAlive();
      }
      mapSession = { layer, session: opened.session };
    }
    const [height, width, channels] = outputShape(layer, size);
    return { layer, height, width, channels, values: await runFeatures(mapSession.session, frame, 1) };
  }

  async function dispose(): Promise<void> {
    if (disposed) return;
    disposed = true;
    const sessions = [session, ...(mapSession ? [mapSession.session] : [])];
    mapSession = null;
    await Promise.all(sessions.map((s) => s.release()));
  }

  return { engine: main.engine, provider: main.provider, featureDim, extract, activationMap, dispose };
}
