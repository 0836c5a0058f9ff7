/**
 * How an edited backbone compares with the original on the same frames: how close its features
 * stay (per frame, the cosine of the two flattened feature maps, averaged) and how fast each runs
 * (milliseconds per frame, both timed in the same process on the same backend and frames).
 */
import * as tf from '@tensorflow/tfjs';
import type { FrameSource } from './distill.js';

/**
 * The mean over `indices` of cos(original(x), edited(x)), features flattened per frame. Two
 * all-zero maps count as 1, one all-zero map as 0. After a ReLU or max-pool both are ≥ 0, so the
 * mean lies in [0, 1].
 */
export async function meanCosine(original: tf.LayersModel, edited: tf.LayersModel, frames: FrameSource, indices: readonly number[], batchSize: number): Promise<number> {
  if (indices.length === 0) throw new RangeError('no frames to compare on');
  let sum = 0;
  for (let start = 0; start < indices.length; start += batchSize) {
    const x = await frames.input(indices.slice(start, start + batchSize));
    try {
      const parts = tf.tidy(() => {
        const n = x.shape[0]!;
        const a = tf.reshape(original.predict(x) as tf.Tensor, [n, -1]);
        const b = tf.reshape(edited.predict(x) as tf.Tensor, [n, -1]);
        return [tf.sum(tf.mul(a, b), 1), tf.norm(a, 'euclidean', 1), tf.norm(b, 'euclidean', 1)];
      });
      const [dots, normsA, normsB] = await Promise.all(parts.map((t) => t.data()));
      tf.dispose(parts);
      for (let i = 0; i < dots!.length; i++) sum += cosine(dots![i]!, normsA![i]!, normsB![i]!);
    } finally {
      x.dispose();
    }
  }
  return sum / indices.length;
}

function cosine(dot: number, normA: number, normB: number): number {
  if (normA === 0 && normB === 0) return 1;
  if (normA === 0 || normB === 0) return 0;
  return Math.min(1, Math.max(-1, dot / (normA * normB)));
}

export interface Timing {
  readonly msPerFrameOriginal: number;
  readonly msPerFrameEdited: number;
  /** original / edited: above 1 when the edited backbone is faster. */
  readonly speedUp: number;
}

/**
 * Inference time per frame of each model on the same batch, after one warm-up pass each; the
 * passes alternate (original, edited, original, …) so that drift in the machine's speed hits
 * both alike, and each model's time is its median pass.
 */
export function timeModels(original: tf.LayersModel, edited: tf.LayersModel, x: tf.Tensor, passes = 3): Timing {
  const run = (model: tf.LayersModel) => {
    const started = performance.now();
    const y = model.predict(x) as tf.Tensor;
    y.dataSync();
    y.dispose();
    return performance.now() - started;
  };
  run(original);
  run(edited);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < passes; i++) {
    a.push(run(original));
    b.push(run(edited));
  }
  const n = x.shape[0]!;
  const msPerFrameOriginal = median(a) / n;
  const msPerFrameEdited = median(b) / n;
  return { msPerFrameOriginal, msPerFrameEdited, speedUp: msPerFrameOriginal / msPerFrameEdited };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
