/**
 * A head run's plays read from its feature set's files a batch at a time: each batch's rows are read
 * by position from the float16 shards, turned into float32, standardised with the run's scaling and
 * shaped as the head reads them, then dropped. The JS heap holds a batch and one small record per
 * play (its id and label), never the set's values, so a season trains in the memory a game does.
 *
 * Every step works clip by clip, so a batch comes out bit-identical to the same clips cut from the
 * whole set loaded at once; only the memory differs.
 *
 * Reading, decoding, scaling and shaping a batch costs more than training on it (a demo epoch took
 * 3.5–4.4 CPU s streamed against 1.7 s in memory), so clips once shaped are kept for the next epoch
 * in a cache of at most `cacheBytes` (default DEFAULT_FEATURE_CACHE_BYTES, or FILMROOM_FEATURE_CACHE_MB):
 * it fills until the budget is spent and then keeps what it has. Epochs visit clips in a fresh random
 * order, so no eviction policy would hit more often than keeping a fixed part, and keeping costs nothing.
 * A season whose shaped clips exceed the budget is read from the files for the rest, as before; the
 * memory stays bounded by the budget, whatever the number of plays.
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureSetReader } from '../features/feature-set-reader.js';
import type { PlaySpan } from '../library/repositories/features.js';
import { predictMirrored, type Mirrors } from '../ml/head/mirrors.js';
import { shapeTemporalInput, temporalShape, type TemporalInput } from '../ml/head/temporal-input.js';
import type { ClipSamples } from '../ml/loop/samples.js';
import type { FeaturePlay } from './dataset.js';
import { applyScaling, fitScalingInBatches, type FeatureScaling } from './feature-scaling.js';

/**
 * Plays per read for a pass that is not a training batch (the scaling's sums, predictions): about
 * 4 MiB of float32 values, whatever the clip's size (a block5 avg clip is 80 KB, a grid clip far
 * more), so such a pass holds no more than a few training batches would.
 */
export function readBatchOf(frames: number, dim: number): number {
  return Math.max(1, Math.min(256, Math.floor(READ_BYTES / (frames * dim * 4))));
}

const READ_BYTES = 4 * 2 ** 20;

/** The shaped-clip cache's default budget: 512 MiB (a demo season's training clips take about 80 MiB). */
export const DEFAULT_FEATURE_CACHE_BYTES = 512 * 2 ** 20;

/** The cache budget FILMROOM_FEATURE_CACHE_MB asks for (0 turns the cache off), else the default. */
export function featureCacheBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FILMROOM_FEATURE_CACHE_MB;
  if (raw === undefined || raw === '') return DEFAULT_FEATURE_CACHE_BYTES;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new RangeError(`FILMROOM_FEATURE_CACHE_MB must be a number of MiB such as 512, got "${raw}"`);
  return Math.floor(Number(raw) * 2 ** 20);
}

/** A feature set's clips as a head reads them, read on demand. */
export interface HeadFeatures {
  /** Steps and features per step the head sees (after segments, deltas, motion). */
  readonly frames: number;
  readonly dim: number;
  /** Plays per read when predicting (readBatchOf the stored clip's size). */
  readonly readBatch: number;
  /** The plays' clips, scaled and shaped: [playIds.length × frames × dim], in the order given. */
  clips(playIds: readonly number[]): Float32Array;
  /** The span a play had when its features were pinned (FeatureSetReader.spanOf). */
  spanOf(playId: number): PlaySpan | undefined;
  /** Bytes of shaped clips kept for the next read (never more than the budget). */
  readonly cachedBytes: number;
}

export function headFeatures(
  reader: FeatureSetReader, scaling: FeatureScaling, head: TemporalInput, options: { cacheBytes?: number } = {},
): HeadFeatures {
  const shape = temporalShape(reader.frames, reader.dim, head);
  const clipValues = shape.frames * shape.dim;
  const clipBytes = clipValues * 4;
  const budget = options.cacheBytes ?? DEFAULT_FEATURE_CACHE_BYTES;
  if (!(budget >= 0)) throw new RangeError(`cacheBytes must be 0 or more, got ${String(budget)}`);
  const kept = new Map<number, Float32Array>();
  const shapeFromFiles = (playIds: readonly number[]) => shapeTemporalInput(applyScaling(reader.rows(playIds), scaling), reader.frames, reader.dim, head).x;
  return {
    ...shape,
    readBatch: readBatchOf(reader.frames, reader.dim),
    spanOf: (playId) => reader.spanOf(playId),
    get cachedBytes() {
      return kept.size * clipBytes;
    },
    clips(playIds) {
      if (budget < clipBytes) return shapeFromFiles(playIds);
      const out = new Float32Array(playIds.length * clipValues);
      const missing: number[] = [];
      const missingAt: number[] = [];
      playIds.forEach((id, i) => {
        const clip = kept.get(id);
        if (clip) out.set(clip, i * clipValues);
        else {
          missing.push(id);
          missingAt.push(i);
        }
      });
      if (missing.length === 0) return out;
      const read = shapeFromFiles(missing);
      missingAt.forEach((at, k) => {
        const clip = read.subarray(k * clipValues, (k + 1) * clipValues);
        out.set(clip, at * clipValues);
        // A copy, so the cache holds exactly its clips, not the whole batch each clip was read with.
        if ((kept.size + 1) * clipBytes <= budget && !kept.has(missing[k]!)) kept.set(missing[k]!, clip.slice());
      });
      return out;
    },
  };
}

/** The standardisation of the plays' frames, summed over the files a read batch at a time. */
export function fitScalingFromFiles(reader: FeatureSetReader, playIds: readonly number[]): FeatureScaling {
  const batch = readBatchOf(reader.frames, reader.dim);
  return fitScalingInBatches(() => mapIterable(reader.batches(playIds, batch), (read) => read.x), reader.dim);
}

/** The plays as the training loop's samples: sample i is plays[i], its input read when a batch asks for it. */
export function streamedSamples(features: HeadFeatures, plays: readonly FeaturePlay[]): ClipSamples {
  const playIds = Float64Array.from(plays, (play) => play.playId);
  const { frames, dim } = features;
  return {
    count: plays.length,
    frames,
    dim,
    labels: Int32Array.from(plays, (play) => play.label),
    input: (indices) => Promise.resolve(tf.tensor3d(features.clips(indices.map((i) => playIds[i]!)), [indices.length, frames, dim])),
  };
}

/**
 * Class probabilities [playIds.length × classes] of the head for the plays, read a batch at a time;
 * for a run trained on mirrored clips, the mean over each clip's mirror images (ml/head/mirrors.ts).
 */
export function predictFeatures(model: tf.LayersModel, features: HeadFeatures, playIds: readonly number[], mirrors: Mirrors | null = null): Float32Array {
  const classes = (model.outputs[0]!.shape as [null, number])[1];
  const out = new Float32Array(playIds.length * classes);
  const batch = features.readBatch;
  for (let start = 0; start < playIds.length; start += batch) {
    const ids = playIds.slice(start, start + batch);
    out.set(predictMirrored(model, features.clips(ids), ids.length, mirrors), start * classes);
  }
  return out;
}

function* mapIterable<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}
