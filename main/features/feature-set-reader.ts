import type { Database } from 'better-sqlite3';
import { FeatureSetFileReader, featureSetFolder } from '../library/feature-files.js';
import { featureAddressesOfPlays, getFeatureSet, type FeatureSetRecord } from '../library/repositories/features.js';

export interface FeatureBatch {
  playIds: number[];
  /** [playIds.length × frames × dim], row-major, in `playIds` order. */
  x: Float32Array;
}

/**
 * Reads a feature set's rows from its files a few plays at a time: training and prediction hold one
 * batch in the JS heap, never the whole set. Close it when done (it keeps the shard files open).
 */
export interface FeatureSetReader {
  readonly set: FeatureSetRecord;
  readonly frames: number;
  readonly dim: number;
  /** The plays' features in the order given; a play without features is an error naming it. */
  rows(playIds: readonly number[]): Float32Array;
  /** The plays in batches of `batchSize`, each read when the loop asks for it. */
  batches(playIds: readonly number[], batchSize: number): Generator<FeatureBatch>;
  close(): void;
}

export function openFeatureSet(db: Database, featureSetId: number): FeatureSetReader {
  const set = getFeatureSet(db, featureSetId);
  if (!set) throw new RangeError(`No feature set ${featureSetId} in this library.`);
  const files = new FeatureSetFileReader(featureSetFolder(db.name, set.signature), set);
  const clip = set.frames * set.dim;
  const rows = (playIds: readonly number[]): Float32Array => {
    const addresses = featureAddressesOfPlays(db, set.id, playIds);
    const x = new Float32Array(playIds.length * clip);
    playIds.forEach((playId, i) => {
      const address = addresses.get(playId);
      if (!address) throw new RangeError(`play ${playId} has no features in feature set ${set.id}: extract them first`);
      files.read(address, x.subarray(i * clip, (i + 1) * clip));
    });
    return x;
  };
  return {
    set,
    frames: set.frames,
    dim: set.dim,
    rows,
    *batches(playIds, batchSize) {
      if (!(batchSize >= 1)) throw new RangeError(`batch size must be at least 1, got ${batchSize}`);
      for (let i = 0; i < playIds.length; i += batchSize) {
        const ids = playIds.slice(i, i + batchSize);
        yield { playIds: ids, x: rows(ids) };
      }
    },
    close: () => files.close(),
  };
}
