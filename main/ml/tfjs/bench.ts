/**
 * Throughput of the TensorFlow.js extractor (random weights, random frames), for `npm run bench`:
 * one warm-up batch, then `frames` frames timed. Not a test: speed targets live in the bench.
 */
import { createTfjsExtractor } from './extractor.js';
import type { PoolingMode } from './pooling.js';
import type { TfjsBackendChoice } from './backend.js';

export interface TfjsBenchOptions {
  readonly size: number;
  readonly cut?: string;
  readonly pooling?: PoolingMode;
  readonly batchSize?: number;
  /** Frames timed after the warm-up batch (default 4 batches). */
  readonly frames?: number;
  readonly backend?: TfjsBackendChoice;
}

export interface TfjsBenchResult {
  readonly engine: string;
  readonly size: number;
  readonly cut: string;
  readonly batchSize: number;
  readonly frames: number;
  readonly seconds: number;
  readonly framesPerSecond: number;
}

export async function benchTfjsExtractor(options: TfjsBenchOptions): Promise<TfjsBenchResult> {
  const { size, cut = 'block5_pool', pooling = 'avg', batchSize = 8, backend } = options;
  const frames = options.frames ?? 4 * batchSize;
  const extractor = await createTfjsExtractor({ cut, size, pooling, batchSize, ...(backend ? { backend } : {}) });
  try {
    const pixels = new Uint8Array(frames * size * size * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24; // cheap deterministic noise
    await extractor.extract(pixels.subarray(0, batchSize * size * size * 3), batchSize); // warm-up
    const started = performance.now();
    await extractor.extract(pixels, frames);
    const seconds = (performance.now() - started) / 1000;
    return { engine: extractor.engine, size, cut, batchSize, frames, seconds, framesPerSecond: frames / seconds };
  } finally {
    extractor.dispose();
  }
}
