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
import { layersUpTo, outputShape, VGG16_LAYER_NAMES } from '../vgg16/architecture.js';
import { networkUpTo } from '../vgg16/variants.js';
import { FEATURES_NAME, INPUT_NAME } from './onnx-model.js';
import { openVggSession, type OnnxProvider, type VggSessionOptions } from './session.js';
import { checkFrames } from '../vgg16/backbone-spec.js';

/**
 * Frames per run: 8 at S ≤ 112, 4 above. Measured on the 2-core dev machine (raw session,
 * block5_pool avg, cpu, 2 threads; median of 3 runs on an otherwise idle machine):
 *   112×112: batch 1 28.1, batch 4 28.7, batch 8 29.1 frames/s
 *   224×224: batch 1 7.27, batch 4 7.36, batch 8 7.32 frames/s
 * The convolutions already run at the CPU's FP32 limit whatever the batch (~225 GFLOP/s: 97% of
 * the 231 GFLOP/s a bare AVX-512 FMA loop reaches on these 2 cores), so the batch only trims
 * per-run overhead; at 224 a batch of 8 gains nothing and costs ~200 MB more peak memory than 4.
 */
export function defaultBatchSize(size: number): number {
  return size <= 112 ? 8 : 4;
}

export interface OnnxExtractorOptions extends VggSessionOptions {
  /** Frames per run (default defaultBatchSize(size)). */
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
  const { size, cut, batchSize = defaultBatchSize(size) } = options;
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
    checkFrames(frames, count, size);
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
    // VGG16's names along this network (an edited set's added convs have no map view of their own).
    const valid = (options.weights ? networkUpTo(options.weights.keys(), cut) : layersUpTo(cut)).map((l) => l.name).filter((name) => VGG16_LAYER_NAMES.includes(name));
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
