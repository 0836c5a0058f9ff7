/**
 * A head run's plays read from its feature set's files a batch at a time: each batch's rows are read
 * by position from the float16 shards, turned into float32, standardised with the run's scaling and
 * shaped as the head reads them, then dropped. The JS heap holds a batch and one small record per
 * play (its id and label), never the set's values, so a season trains in the memory a game does.
 *
 * Every step works clip by clip, so a batch comes out bit-identical to the same clips cut from the
 * whole set loaded at once; only the memory differs.
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
}

export function headFeatures(reader: FeatureSetReader, scaling: FeatureScaling, head: TemporalInput): HeadFeatures {
  const shape = temporalShape(reader.frames, reader.dim, head);
  return {
    ...shape,
    readBatch: readBatchOf(reader.frames, reader.dim),
    clips: (playIds) => shapeTemporalInput(applyScaling(reader.rows(playIds), scaling), reader.frames, reader.dim, head).x,
    spanOf: (playId) => reader.spanOf(playId),
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
