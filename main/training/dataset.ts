/** The cached features of a feature set, gathered into clip arrays with their labels and games. */
import type { Database } from 'better-sqlite3';
import { openFeatureSet, type FeatureSetReader } from '../features/feature-set-reader.js';
import type { LabelSource } from '../../shared/taxonomy.js';
import { listFeatureRows } from '../library/repositories/training-clips.js';

export interface FeaturePlay {
  playId: number;
  gameId: number;
  /** Class index in taxonomy order. */
  label: number;
  labelSource: LabelSource;
}

export interface FeatureClips {
  plays: FeaturePlay[];
  /** [plays × frames × dim], row-major, in `plays` order. */
  x: Float32Array;
  frames: number;
  dim: number;
}

export interface FeatureQuery {
  featureSetId: number;
  frames: number;
  dim: number;
  /** Class ids in class-index order (the taxonomy's order). */
  classIds: readonly string[];
  gameId?: number | undefined;
  /** Only plays whose label no person gave. */
  unlabeled?: boolean | undefined;
  /** Only plays of these games. */
  gameIds?: readonly number[] | undefined;
}

/** Plays of visible games that have features in the set, in film order; labels as class indices (-1: not in the taxonomy). */
export function listFeaturePlays(db: Database, query: Omit<FeatureQuery, 'frames' | 'dim'>): FeaturePlay[] {
  const index = new Map(query.classIds.map((id, i) => [id, i]));
  const plays: FeaturePlay[] = [];
  const seen = new Set<number>();
  for (const row of listFeatureRows(db, query)) {
    if (seen.has(row.playId)) continue; // a play sampled twice at the same shape keeps one clip's features
    seen.add(row.playId);
    plays.push({ playId: row.playId, gameId: row.gameId, label: index.get(row.playType) ?? -1, labelSource: row.labelSource });
  }
  return plays;
}

/** The set's files, opened for reading batches, after checking they hold clips of the expected shape. */
export function openFeatureSetOfShape(db: Database, query: Pick<FeatureQuery, 'featureSetId' | 'frames' | 'dim'>): FeatureSetReader {
  const reader = openFeatureSet(db, query.featureSetId);
  if (reader.frames !== query.frames || reader.dim !== query.dim) {
    reader.close();
    throw new RangeError(`feature set ${query.featureSetId} holds ${reader.frames} × ${reader.dim} per play, expected ${query.frames} × ${query.dim}: extract them again`);
  }
  return reader;
}

/**
 * The plays with features (id, game, label) and a reader with their rows pinned, read in one
 * transaction: the list and the rows agree, though Review (another process, perhaps) edits plays
 * meanwhile. From then on the run reads the features and labels it started with
 * (FeatureSetReader.pin); a prediction for a play whose span changed since is stored stale.
 */
export function listAndPinFeaturePlays(db: Database, query: FeatureQuery): { plays: FeaturePlay[]; reader: FeatureSetReader } {
  const reader = openFeatureSetOfShape(db, query);
  try {
    const plays = db.transaction(() => {
      const listed = listFeaturePlays(db, query);
      reader.pin(listed.map((play) => play.playId));
      return listed;
    })();
    return { plays, reader };
  } catch (error) {
    reader.close();
    throw error;
  }
}

/**
 * Every play's features in one array, for the learning-curve bench and tests that want the whole set
 * at hand. Runs do not use it: they read their plays a batch at a time (feature-batches.ts).
 */
export function loadFeatureClips(db: Database, query: FeatureQuery): FeatureClips {
  const plays = listFeaturePlays(db, query);
  const reader = openFeatureSetOfShape(db, query);
  try {
    return { plays, x: reader.rows(plays.map((play) => play.playId)), frames: query.frames, dim: query.dim };
  } finally {
    reader.close();
  }
}

/** The clips at `rows` of a loaded set, as the head trainer takes them. */
export function subset(clips: FeatureClips, rows: readonly number[]): { x: Float32Array; y: Int32Array; count: number; frames: number; dim: number } {
  const clip = clips.frames * clips.dim;
  const x = new Float32Array(rows.length * clip);
  rows.forEach((row, i) => x.set(clips.x.subarray(row * clip, (row + 1) * clip), i * clip));
  return { x, y: Int32Array.from(rows, (row) => clips.plays[row]!.label), count: rows.length, frames: clips.frames, dim: clips.dim };
}
