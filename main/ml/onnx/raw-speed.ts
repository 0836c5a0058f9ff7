/**
 * The bench's baseline for the ONNX engine: the same session the extractor opens (./session.ts),
 * driven by a bare `InferenceSession.run` loop on one fixed input, no slicing or copying. End-to-end
 * extraction is compared with this figure; the gap is the extractor's own overhead.
 *
 * Measured on the 2-core dev machine (VGG16 block5_pool avg, random weights, cpu, 2 threads):
 * 29.1 frames/s at 112×112 (batch 8) and 7.36 at 224×224 (batch 4); the extractor's end-to-end
 * extract() on 40-frame clips: 28.6 and 7.1. The batch sizes tried are listed in ./engine.ts.
 */
import * as ort from 'onnxruntime-node';
import { defaultBatchSize } from './engine.js';
import { INPUT_NAME } from './onnx-model.js';
import { openVggSession, type VggSessionOptions } from './session.js';

export interface SpeedLoopOptions {
  /** Frames per run. */
  readonly batchSize: number;
  /** Untimed runs first (default 1). */
  readonly warmupRuns?: number;
  /** Keep running until both this many seconds (default 3) and `minRuns` (default 3) are reached. */
  readonly minSeconds?: number;
  readonly minRuns?: number;
}

export interface RawSpeed {
  readonly framesPerSecond: number;
  readonly batchSize: number;
  readonly runs: number;
  readonly seconds: number;
}

export interface RawSpeedReport extends RawSpeed {
  readonly engine: string;
  readonly threads: number;
  readonly size: number;
}

/** Times `session.run` on one fixed uint8 batch [batchSize, size, size, 3]. */
export async function measureSessionSpeed(session: ort.InferenceSession, size: number, options: SpeedLoopOptions): Promise<RawSpeed> {
  const { batchSize, warmupRuns = 1, minSeconds = 3, minRuns = 3 } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${String(batchSize)}`);
  const frames = new Uint8Array(batchSize * size * size * 3);
  for (let i = 0; i < frames.length; i++) frames[i] = (i * 2654435761) >>> 24;
  const feeds = { [INPUT_NAME]: new ort.Tensor('uint8', frames, [batchSize, size, size, 3]) };
  const release = (results: ort.InferenceSession.OnnxValueMapType) => Object.values(results).forEach((v) => v.dispose());
  for (let i = 0; i < warmupRuns; i++) release(await session.run(feeds));
  let runs = 0;
  const started = performance.now();
  let seconds = 0;
  while (runs < minRuns || seconds < minSeconds) {
    release(await session.run(feeds));
    runs++;
    seconds = (performance.now() - started) / 1000;
  }
  return { framesPerSecond: (runs * batchSize) / seconds, batchSize, runs, seconds };
}

/** Opens the extractor's session for `options`, times it at each batch size, releases it. */
export async function measureRawSpeed(
  options: VggSessionOptions & { readonly batchSizes?: readonly number[]; readonly minSeconds?: number },
): Promise<RawSpeedReport[]> {
  const { session, engine, threads } = await openVggSession(options);
  try {
    const reports: RawSpeedReport[] = [];
    for (const batchSize of options.batchSizes ?? [defaultBatchSize(options.size)]) {
      const speed = await measureSessionSpeed(session, options.size, { batchSize, ...(options.minSeconds !== undefined ? { minSeconds: options.minSeconds } : {}) });
      reports.push({ ...speed, engine, threads, size: options.size });
    }
    return reports;
  } finally {
    await session.release();
  }
}
