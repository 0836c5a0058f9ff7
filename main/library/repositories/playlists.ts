/** Playlists: named saved filters or hand-picked, ordered lists of plays. */
import type { Database } from 'better-sqlite3';
import type { Play } from '../../../shared/api/library.js';
import type { PlaylistFilter } from '../../../shared/api/playlists.js';
import { rowToPlay, type PlayRow } from './plays.js';

export interface PlaylistRow {
  id: number;
  name: string;
  kind: 'filter' | 'list';
  filter_json: string | null;
  created_at: string;
}

const PLAY_COLUMNS = `p.id, p.game_id, p.start_s, p.end_s, p.play_type_id, p.label_source, p.team_id, t.name AS team_name, p.period, p.clock, p.player, p.tags_json`;

export function insertPlaylist(db: Database, name: string, filter: PlaylistFilter | null, playIds: readonly number[] | null): number {
  return db.transaction(() => {
    const id = Number(
      db.prepare('INSERT INTO playlists (name, kind, filter_json) VALUES (?, ?, ?)').run(name, filter ? 'filter' : 'list', filter ? JSON.stringify(filter) : null).lastInsertRowid,
    );
    if (playIds) setPlaylistItems(db, id, playIds);
    return id;
  })();
}

export function findPlaylistByName(db: Database, name: string): PlaylistRow | undefined {
  return db.prepare('SELECT id, name, kind, filter_json, created_at FROM playlists WHERE name = ?').get(name) as PlaylistRow | undefined;
}

export function listPlaylistRows(db: Database): PlaylistRow[] {
  return db.prepare('SELECT id, name, kind, filter_json, created_at FROM playlists ORDER BY name COLLATE NOCASE').all() as PlaylistRow[];
}

export function deletePlaylist(db: Database, id: number): void {
  db.prepare('DELETE FROM playlists WHERE id = ?').run(id);
}

/** Replaces a list's plays with these, in this order. */
export function setPlaylistItems(db: Database, playlistId: number, playIds: readonly number[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM playlist_items WHERE playlist_id = ?').run(playlistId);
    const insert = db.prepare('INSERT INTO playlist_items (playlist_id, play_id, position) VALUES (?, ?, ?)');
    playIds.forEach((playId, position) => insert.run(playlistId, playId, position));
    db.prepare(`UPDATE playlists SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(playlistId);
  })();
}

/** A hand-picked list's plays in its order (plays deleted since have dropped out by cascade). */
export function playlistItemPlays(db: Database, playlistId: number): Play[] {
  const rows = db
    .prepare(
      `SELECT ${PLAY_COLUMNS} FROM playlist_items i JOIN plays p ON p.id = i.play_id JOIN games g ON g.id = p.game_id LEFT JOIN teams t ON t.id = p.team_id
        WHERE i.playlist_id = ? AND g.status = 'ready' ORDER BY i.position`,
    )
    .all(playlistId) as PlayRow[];
  return rows.map(rowToPlay);
}

/** Which of these ids are plays of the library. */
export function existingPlayIds(db: Database, playIds: readonly number[]): Set<number> {
  const rows = db.prepare('SELECT id FROM plays WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(playIds)) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

/**
 * The plays a saved filter matches now, in film order. `heldOutGameIds` is the run's held-out
 * games (read by the caller from the run's split) when the filter asks for them. Predictions are
 * the run's current ones: a stale prediction (its play's span changed since) matches nothing.
 */
export function playsMatchingFilter(db: Database, filter: PlaylistFilter, heldOutGameIds: readonly number[] | null): Play[] {
  const conditions = ["g.status = 'ready'"];
  const params: Record<string, unknown> = {};
  const add = (sql: string, name: string, value: unknown) => {
    conditions.push(sql);
    params[name] = value;
  };
  if (filter.gameId !== undefined) add('p.game_id = @gameId', 'gameId', filter.gameId);
  if (filter.seasonId !== undefined) add('g.season_id = @seasonId', 'seasonId', filter.seasonId);
  if (filter.team !== undefined) add('t.name = @team COLLATE NOCASE', 'team', filter.team);
  if (filter.period !== undefined) add('p.period = @period', 'period', filter.period);
  if (filter.playType !== undefined) add('p.play_type_id = @playType', 'playType', filter.playType);
  if (filter.labelSource !== undefined) add('p.label_source = @labelSource', 'labelSource', filter.labelSource);
  if (filter.player !== undefined) add('p.player = @player COLLATE NOCASE', 'player', filter.player);
  (filter.tags ?? []).forEach((tag, i) => add(`EXISTS (SELECT 1 FROM json_each(p.tags_json) WHERE value = @tag${i})`, `tag${i}`, tag));
  const usesPredictions = filter.runId !== undefined && (filter.predictedType !== undefined || filter.wrong === true);
  if (usesPredictions) params.runId = filter.runId;
  if (filter.predictedType !== undefined) add('pr.play_type_id = @predictedType', 'predictedType', filter.predictedType);
  // A run is scored on labels a person gave: a model's own label is no ground truth to be wrong against.
  if (filter.wrong === true) conditions.push(`pr.play_type_id <> p.play_type_id AND p.label_source <> 'model'`);
  if (heldOutGameIds !== null) add('p.game_id IN (SELECT value FROM json_each(@heldOut))', 'heldOut', JSON.stringify(heldOutGameIds));
  const join = usesPredictions ? 'JOIN predictions pr ON pr.play_id = p.id AND pr.run_id = @runId AND pr.stale_at IS NULL' : '';
  const rows = db
    .prepare(
      `SELECT ${PLAY_COLUMNS} FROM plays p JOIN games g ON g.id = p.game_id LEFT JOIN teams t ON t.id = p.team_id ${join}
        WHERE ${conditions.join(' AND ')} ORDER BY p.game_id, p.start_s, p.end_s`,
    )
    .all(params) as PlayRow[];
  return rows.map(rowToPlay);
}
