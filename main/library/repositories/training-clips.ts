/**
 * The plays a run trains on, and their data: every play of a visible game with a clip of T frames
 * (for runs that train on frames) or with features in a feature set (for head runs). What makes a
 * play labelled is said once, here: a person or an annotation file gave its type, not a model.
 */
import type { Database } from 'better-sqlite3';
import type { LabelSource } from '../../../shared/taxonomy.js';

/** A play counts as labelled when its type did not come from a model. */
const LABELLED = `p.label_source <> 'model'`;
const VISIBLE = `g.status = 'ready'`;

export interface PlayClipRow {
  playId: number;
  gameId: number;
  playType: string;
  labelSource: LabelSource;
  /** The clip file, relative to the clip cache. */
  path: string;
  /** Its frames' side in pixels. */
  size: number;
}

/**
 * Plays of visible games with a clip of `frames` frames, one clip per play (the one at `size` first,
 * else the largest), in film order; only labelled plays unless `all`.
 */
export function listPlayClips(db: Database, options: { frames: number; size: number; all?: boolean }): PlayClipRow[] {
  const rows = db
    .prepare(
      `SELECT p.id AS playId, p.game_id AS gameId, p.play_type_id AS playType, p.label_source AS labelSource, c.path, c.size
         FROM plays p JOIN games g ON g.id = p.game_id JOIN clips c ON c.play_id = p.id AND c.frames = @frames
        WHERE ${VISIBLE}${options.all ? '' : ` AND ${LABELLED}`}
        ORDER BY p.game_id, p.start_s, p.id, (c.size = @size) DESC, c.size DESC`,
    )
    .all({ frames: options.frames, size: options.size }) as PlayClipRow[];
  const seen = new Set<number>();
  return rows.filter((row) => !seen.has(row.playId) && seen.add(row.playId));
}

export interface FeatureRowsQuery {
  featureSetId: number;
  gameId?: number | undefined;
  /** Only plays whose label no person gave. */
  unlabeled?: boolean | undefined;
  /** Only plays of these games. */
  gameIds?: readonly number[] | undefined;
}

export interface FeatureRow {
  playId: number;
  gameId: number;
  playType: string;
  labelSource: LabelSource;
}

/** Plays of visible games that have features in the set, in film order (a play sampled twice may appear twice); the values are in the set's files (openFeatureSet). */
export function listFeatureRows(db: Database, query: FeatureRowsQuery): FeatureRow[] {
  const conditions = [VISIBLE, 'f.feature_set_id = @featureSetId'];
  if (query.gameId !== undefined) conditions.push('p.game_id = @gameId');
  if (query.unlabeled) conditions.push(`NOT (${LABELLED})`);
  if (query.gameIds !== undefined) conditions.push('p.game_id IN (SELECT value FROM json_each(@gameIds))');
  return db
    .prepare(
      `SELECT p.id AS playId, p.game_id AS gameId, p.play_type_id AS playType, p.label_source AS labelSource
         FROM features f JOIN clips c ON c.id = f.clip_id JOIN plays p ON p.id = c.play_id JOIN games g ON g.id = p.game_id
        WHERE ${conditions.join(' AND ')}
        ORDER BY p.game_id, p.start_s, p.id`,
    )
    .all({
      featureSetId: query.featureSetId,
      ...(query.gameId !== undefined ? { gameId: query.gameId } : {}),
      ...(query.gameIds !== undefined ? { gameIds: JSON.stringify(query.gameIds) } : {}),
    }) as FeatureRow[];
}
