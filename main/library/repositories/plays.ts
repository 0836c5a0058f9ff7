import type { Database } from 'better-sqlite3';
import type { Play, PlayPage } from '../../../shared/api/library.js';
import type { LabelSource } from '../../../shared/taxonomy.js';

export interface PlayRow {
  id: number;
  game_id: number;
  start_s: number;
  end_s: number;
  play_type_id: string;
  label_source: LabelSource;
  team_id: number | null;
  team_name: string | null;
  period: number | null;
  clock: string | null;
  player: string | null;
  tags_json: string;
}

export function rowToPlay(row: PlayRow): Play {
  return {
    id: row.id,
    gameId: row.game_id,
    startS: row.start_s,
    endS: row.end_s,
    playType: row.play_type_id,
    labelSource: row.label_source,
    team: row.team_id === null || row.team_name === null ? null : { id: row.team_id, name: row.team_name },
    period: row.period,
    clock: row.clock,
    player: row.player,
    tags: JSON.parse(row.tags_json) as string[],
  };
}

export interface PlayFilter {
  gameId?: number | undefined;
  seasonId?: number | undefined;
  playType?: string | undefined;
  labelSource?: LabelSource | undefined;
}

function whereClause(filter: PlayFilter): string {
  const conditions = ["g.status = 'ready'"];
  if (filter.gameId !== undefined) conditions.push('p.game_id = @gameId');
  if (filter.seasonId !== undefined) conditions.push('g.season_id = @seasonId');
  if (filter.playType !== undefined) conditions.push('p.play_type_id = @playType');
  if (filter.labelSource !== undefined) conditions.push('p.label_source = @labelSource');
  return conditions.join(' AND ');
}

function params(filter: PlayFilter): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/** A page of plays in film order (game, then start time), with the total the filter matches. */
export function listPlays(db: Database, filter: PlayFilter, page: { limit: number; offset: number }): PlayPage {
  const where = whereClause(filter);
  const rows = db
    .prepare(
      `SELECT p.id, p.game_id, p.start_s, p.end_s, p.play_type_id, p.label_source, p.team_id, t.name AS team_name,
              p.period, p.clock, p.player, p.tags_json
         FROM plays p JOIN games g ON g.id = p.game_id LEFT JOIN teams t ON t.id = p.team_id
        WHERE ${where}
        ORDER BY p.game_id, p.start_s, p.end_s
        LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params(filter), ...page }) as PlayRow[];
  const total = (db.prepare(`SELECT count(*) AS n FROM plays p JOIN games g ON g.id = p.game_id WHERE ${where}`).get(params(filter)) as { n: number }).n;
  return { plays: rows.map(rowToPlay), total };
}

/** Plays per play type for the filter; types with no plays are left out (the caller has the taxonomy). */
export function countPlaysByType(db: Database, filter: Pick<PlayFilter, 'gameId' | 'seasonId'>): { playType: string; count: number }[] {
  return db
    .prepare(
      `SELECT p.play_type_id AS playType, count(*) AS count
         FROM plays p JOIN games g ON g.id = p.game_id
        WHERE ${whereClause(filter)}
        GROUP BY p.play_type_id`,
    )
    .all(params(filter)) as { playType: string; count: number }[];
}

export interface NewPlay {
  gameId: number;
  startS: number;
  endS: number;
  playType: string;
  labelSource: LabelSource;
  teamId: number | null;
  period: number | null;
  clock: string | null;
  externalId: string | null;
  tags: string[];
}

/** Inserts a play unless the same (game, start, end) is already there; says which happened. */
export function insertPlay(db: Database, play: NewPlay): { id: number; added: boolean } {
  const result = db
    .prepare(
      `INSERT INTO plays (game_id, start_s, end_s, play_type_id, label_source, team_id, period, clock, external_id, tags_json)
       VALUES (@gameId, @startS, @endS, @playType, @labelSource, @teamId, @period, @clock, @externalId, @tagsJson)
       ON CONFLICT (game_id, start_s, end_s) DO NOTHING`,
    )
    .run({ ...play, tagsJson: JSON.stringify(play.tags) });
  if (result.changes > 0) return { id: Number(result.lastInsertRowid), added: true };
  const existing = db.prepare('SELECT id FROM plays WHERE game_id = ? AND start_s = ? AND end_s = ?').get(play.gameId, play.startS, play.endS) as { id: number };
  return { id: existing.id, added: false };
}

/** A play by id, as the API shows it; undefined when there is none. */
export function findPlay(db: Database, playId: number): Play | undefined {
  const row = db
    .prepare(
      `SELECT p.id, p.game_id, p.start_s, p.end_s, p.play_type_id, p.label_source, p.team_id, t.name AS team_name, p.period, p.clock, p.player, p.tags_json
         FROM plays p LEFT JOIN teams t ON t.id = p.team_id WHERE p.id = ?`,
    )
    .get(playId) as PlayRow | undefined;
  return row && rowToPlay(row);
}

/** Sets a play's label and where it came from, stamping updated_at. */
export function updatePlayLabel(db: Database, playId: number, playType: string, labelSource: LabelSource): void {
  db.prepare(`UPDATE plays SET play_type_id = ?, label_source = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(playType, labelSource, playId);
}

/** Removes one play (its clips and predictions go with it, by the schema's cascades). */
export function deletePlay(db: Database, playId: number): void {
  db.prepare('DELETE FROM plays WHERE id = ?').run(playId);
}
