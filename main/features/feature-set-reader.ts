import type { Database } from 'better-sqlite3';
import { FeatureSetFileReader, featureSetFolder } from '../library/feature-files.js';
import { featureAddressesOfPlays, getFeatureSet, type FeatureSetRecord, type PlayFeatureRow, type PlaySpan } from '../library/repositories/features.js';

export interface FeatureBatch {
  playIds: number[];
  /** [playIds.length × frames × dim], row-major, in `playIds` order. */
  x: Float32Array;
}

/**
 * Reads a feature set's rows from its files a few plays at a time: training and prediction hold one
 * batch in the JS heap, never the whole set. Close it when done (it keeps the shard files open).
 *
 * A play's row is looked up once (by `pin`, or on its first read) and read from that address from
 * then on: a run that streams for hours must not lose a play because someone trimmed, split, merged
 * or deleted it in Review meanwhile (that deletes its clip and features). The writer never reuses a
 * row (FeatureSetRows), so a pinned address keeps the values the run started with.
 */
export interface FeatureSetReader {
  readonly set: FeatureSetRecord;
  readonly frames: number;
  readonly dim: number;
  /** Looks up the plays' rows now, so later edits of the plays cannot change what the reader reads; a play without features is an error naming it. */
  pin(playIds: readonly number[]): void;
  /** The play's span when its row was pinned: a prediction made from the row is stale once the play's span differs. */
  spanOf(playId: number): PlaySpan | undefined;
  /** The plays' features in the order given, from their pinned rows; a play without features is an error naming it. */
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
  const pinned = new Map<number, PlayFeatureRow>();
  const pin = (playIds: readonly number[]): void => {
    const unknown = playIds.filter((id) => !pinned.has(id));
    if (unknown.length === 0) return;
    const found = featureAddressesOfPlays(db, set.id, unknown);
    for (const playId of unknown) {
      const address = found.get(playId);
      if (!address) throw new RangeError(`play ${playId} has no features in feature set ${set.id}: extract them first`);
      pinned.set(playId, address);
    }
  };
  const rows = (playIds: readonly number[]): Float32Array => {
    pin(playIds);
    const x = new Float32Array(playIds.length * clip);
    playIds.forEach((playId, i) => files.read(pinned.get(playId)!, x.subarray(i * clip, (i + 1) * clip)));
    return x;
  };
  return {
    set,
    frames: set.frames,
    dim: set.dim,
    pin,
    spanOf: (playId) => pinned.get(playId)?.span,
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
