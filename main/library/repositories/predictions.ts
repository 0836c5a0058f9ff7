/** Per-play class probabilities of a run's model, and the review queue built on them. */
import type { Database } from 'better-sqlite3';
import type { Prediction, ReviewItem } from '../../../shared/api/training.js';
import { rowToPlay, type PlayRow } from './plays.js';

export interface StoredPrediction extends Prediction {
  playId: number;
  /** The play's span the prediction was made for, when known. */
  forSpan?: { startS: number; endS: number } | undefined;
}

/**
 * Stores (or replaces) a run's predictions for these plays, all or none. A run reads features it
 * pinned at its start, so a play may have changed since: a play deleted meanwhile gets none, and a
 * play whose span is no longer `forSpan` gets its prediction stored as stale.
 */
export function storePredictions(db: Database, runId: number, predictions: readonly StoredPrediction[]): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO predictions (run_id, play_id, play_type_id, confidence, probabilities_json, stale_at)
     VALUES (?, ?, ?, ?, ?, CASE WHEN ? THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END)`,
  );
  const spanOf = db.prepare('SELECT start_s AS startS, end_s AS endS FROM plays WHERE id = ?');
  db.transaction(() => {
    for (const p of predictions) {
      const span = spanOf.get(p.playId) as { startS: number; endS: number } | undefined;
      if (!span) continue;
      const stale = p.forSpan !== undefined && (p.forSpan.startS !== span.startS || p.forSpan.endS !== span.endS);
      insert.run(runId, p.playId, p.playType, p.confidence, JSON.stringify(p.probabilities), stale ? 1 : 0);
    }
  })();
}

export interface ReviewFilter {
  runId: number;
  gameId?: number | undefined;
  teamId?: number | undefined;
  trueType?: string | undefined;
  predictedType?: string | undefined;
  /** When given, only plays of these games (a run's held-out games). */
  gameIds?: readonly number[] | undefined;
  personLabelledOnly?: boolean | undefined;
  /** Also predictions made for a span the play no longer has, marked stale. */
  includeStale?: boolean | undefined;
}

interface ReviewRow extends PlayRow {
  game_name: string;
  predicted: string;
  confidence: number;
  probabilities_json: string;
  stale: 0 | 1;
}

/**
 * Plays with a prediction from the run, least confident first (ties in film order), with the total
 * the filter matches. Served by the (run_id, confidence) index.
 */
export function reviewQueue(db: Database, filter: ReviewFilter, page: { limit: number; offset: number }, heldOut: ReadonlySet<number>): { items: ReviewItem[]; total: number } {
  // A stale prediction was made for a span the play no longer has: kept, never shown as current.
  const conditions = ['pr.run_id = @runId', "g.status = 'ready'"];
  if (!filter.includeStale) conditions.push('pr.stale_at IS NULL');
  if (filter.gameId !== undefined) conditions.push('p.game_id = @gameId');
  if (filter.teamId !== undefined) conditions.push('p.team_id = @teamId');
  if (filter.trueType !== undefined) conditions.push('p.play_type_id = @trueType');
  if (filter.predictedType !== undefined) conditions.push('pr.play_type_id = @predictedType');
  if (filter.gameIds !== undefined) conditions.push(`p.game_id IN (SELECT value FROM json_each(@gameIds))`);
  // A run is scored on plays a person labelled; plays whose label came from a model are not in its matrix.
  if (filter.personLabelledOnly) conditions.push(`p.label_source <> 'model'`);
  const where = conditions.join(' AND ');
  const params = {
    runId: filter.runId,
    ...(filter.gameId !== undefined ? { gameId: filter.gameId } : {}),
    ...(filter.teamId !== undefined ? { teamId: filter.teamId } : {}),
    ...(filter.trueType !== undefined ? { trueType: filter.trueType } : {}),
    ...(filter.predictedType !== undefined ? { predictedType: filter.predictedType } : {}),
    ...(filter.gameIds !== undefined ? { gameIds: JSON.stringify(filter.gameIds) } : {}),
  };
  const from = `FROM predictions pr JOIN plays p ON p.id = pr.play_id JOIN games g ON g.id = p.game_id LEFT JOIN teams t ON t.id = p.team_id`;
  const rows = db
    .prepare(
      `SELECT p.id, p.game_id, p.start_s, p.end_s, p.play_type_id, p.label_source, p.team_id, t.name AS team_name,
              p.period, p.clock, p.player, p.tags_json, g.name AS game_name, pr.play_type_id AS predicted, pr.confidence, pr.probabilities_json,
              pr.stale_at IS NOT NULL AS stale
         ${from} WHERE ${where}
        ORDER BY pr.confidence, p.game_id, p.start_s
        LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, ...page }) as ReviewRow[];
  const total = (db.prepare(`SELECT count(*) AS n ${from} WHERE ${where}`).get(params) as { n: number }).n;
  return {
    total,
    items: rows.map((row) => ({
      play: rowToPlay(row),
      gameName: row.game_name,
      prediction: { playType: row.predicted, confidence: row.confidence, probabilities: JSON.parse(row.probabilities_json) as Record<string, number> },
      heldOut: heldOut.has(row.game_id),
      stale: row.stale === 1,
    })),
  };
}
