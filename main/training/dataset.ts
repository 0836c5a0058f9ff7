/** The cached features of a feature set, gathered into clip arrays with their labels and games. */
import type { Database } from 'better-sqlite3';
import { openFeatureSet } from '../features/feature-set-reader.js';
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
export function loadFeatureClips(db: Database, query: FeatureQuery): FeatureClips {
  const rows = listFeatureRows(db, query);
  const index = new Map(query.classIds.map((id, i) => [id, i]));
  const plays: FeaturePlay[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    if (seen.has(row.playId)) continue; // a play sampled twice at the same shape keeps one clip's features
    seen.add(row.playId);
    plays.push({ playId: row.playId, gameId: row.gameId, label: index.get(row.playType) ?? -1, labelSource: row.labelSource });
  }
  // The set's files are read row by row into one array; a streaming trainer would use
  // openFeatureSet(...).batches() instead and hold one batch at a time.
  const reader = openFeatureSet(db, query.featureSetId);
  let x: Float32Array;
  try {
    if (reader.frames !== query.frames || reader.dim !== query.dim) {
      throw new RangeError(`feature set ${query.featureSetId} holds ${reader.frames} × ${reader.dim} per play, expected ${query.frames} × ${query.dim}: extract them again`);
    }
    x = reader.rows(plays.map((play) => play.playId));
  } finally {
    reader.close();
  }
  return { plays, x, frames: query.frames, dim: query.dim };
}

/** The clips at `rows` of a loaded set, as the head trainer takes them. */
export function subset(clips: FeatureClips, rows: readonly number[]): { x: Float32Array; y: Int32Array; count: number; frames: number; dim: number } {
  const clip = clips.frames * clips.dim;
  const x = new Float32Array(rows.length * clip);
  rows.forEach((row, i) => x.set(clips.x.subarray(row * clip, (row + 1) * clip), i * clip));
  return { x, y: Int32Array.from(rows, (row) => clips.plays[row]!.label), count: rows.length, frames: clips.frames, dim: clips.dim };
}
