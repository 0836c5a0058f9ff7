import type { Database } from 'better-sqlite3';
import { decodeImage } from '../media/decode-image.js';
import type { PoolingMode } from '../ml/tfjs/pooling.js';
import { openFeatureEngine, type EngineChoice } from './engines.js';
import { loadWeightSet } from './weights-registry.js';

export interface EmbedResult {
  engine: string;
  layer: string;
  /** [images, features per image] */
  shape: [number, number];
  /** One row per image, in the order given: the flattened pooled feature. */
  features: number[][];
}

/** Features of a few image files, for scripting and checks (`filmroom embed`). */
export async function embedImages(
  db: Database,
  images: readonly string[],
  options: { weights: string; cut: string; pooling: PoolingMode; grid?: number; size: number; engine?: EngineChoice },
): Promise<EmbedResult> {
  const frameBytes = options.size * options.size * 3;
  const frames = new Uint8Array(frameBytes * images.length);
  for (const [i, image] of images.entries()) frames.set(await decodeImage(image, options.size), i * frameBytes);
  const { weights } = await loadWeightSet(db, options.weights);
  const engine = await openFeatureEngine({ weights, cut: options.cut, pooling: options.pooling, size: options.size, ...(options.grid ? { grid: options.grid } : {}) }, options.engine);
  try {
    const flat = await engine.extract(frames, images.length);
    const dim = engine.featureDim;
    const features = images.map((_, i) => Array.from(flat.subarray(i * dim, (i + 1) * dim)));
    return { engine: engine.engine, layer: options.cut, shape: [images.length, dim], features };
  } finally {
    await engine.dispose();
  }
}
