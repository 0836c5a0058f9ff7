/** Coding writes on plays: whole-row snapshots, overlap checks, and the undo/redo journal. */
import type { Database } from 'better-sqlite3';
import type { LabelSource } from '../../../shared/taxonomy.js';
import type { NewPlay } from './plays.js';

/** A play row exactly as stored (a new play's fields, its id and player), so writing it back restores the play (same id) whole. */
export interface PlaySnapshot extends NewPlay {
  id: number;
  player: string | null;
}

interface SnapshotRow {
  id: number;
  game_id: number;
  start_s: number;
  end_s: number;
  play_type_id: string;
  label_source: LabelSource;
  team_id: number | null;
  period: number | null;
  clock: string | null;
  player: string | null;
  external_id: string | null;
  tags_json: string;
}

const SNAPSHOT_COLUMNS = 'id, game_id, start_s, end_s, play_type_id, label_source, team_id, period, clock, player, external_id, tags_json';

function toSnapshot(row: SnapshotRow): PlaySnapshot {
  return {
    id: row.id,
    gameId: row.game_id,
    startS: row.start_s,
    endS: row.end_s,
    playType: row.play_type_id,
    labelSource: row.label_source,
    teamId: row.team_id,
    period: row.period,
    clock: row.clock,
    player: row.player,
    externalId: row.external_id,
    tags: JSON.parse(row.tags_json) as string[],
  };
}

export function readPlaySnapshot(db: Database, playId: number): PlaySnapshot | undefined {
  const row = db.prepare(`SELECT ${SNAPSHOT_COLUMNS} FROM plays WHERE id = ?`).get(playId) as SnapshotRow | undefined;
  return row && toSnapshot(row);
}

/** The first play of the game (other than `excludeIds`) whose span overlaps [startS, endS). */
export function findOverlappingPlay(db: Database, gameId: number, startS: number, endS: number, excludeIds: readonly number[]): PlaySnapshot | undefined {
  const row = db
    .prepare(
      `SELECT ${SNAPSHOT_COLUMNS} FROM plays
        WHERE game_id = ? AND start_s < ? AND end_s > ? AND id NOT IN (SELECT value FROM json_each(?))
        ORDER BY start_s LIMIT 1`,
    )
    .get(gameId, endS, startS, JSON.stringify(excludeIds)) as SnapshotRow | undefined;
  return row && toSnapshot(row);
}

/** Plays of the game lying (even partly) between two times, other than `excludeIds`: what keeps two plays from being neighbours. */
export function countPlaysBetween(db: Database, gameId: number, fromS: number, toS: number, excludeIds: readonly number[]): number {
  return (
    db
      .prepare(`SELECT count(*) AS n FROM plays WHERE game_id = ? AND end_s > ? AND start_s < ? AND id NOT IN (SELECT value FROM json_each(?))`)
      .get(gameId, fromS, toS, JSON.stringify(excludeIds)) as { n: number }
  ).n;
}

/**
 * A play's span changed: its predictions are marked stale (kept, never current) and its clips are
 * removed with their features (the foreign keys cascade), so the next extraction samples the new
 * span and no feature of the old clip is served for it. The clip files stay in the cache: they are
 * named by span, so another play (or an undo) with that span reuses the name.
 */
function forgetSpan(db: Database, playId: number): void {
  db.prepare(`UPDATE predictions SET stale_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE play_id = ? AND stale_at IS NULL`).run(playId);
  db.prepare('DELETE FROM clips WHERE play_id = ?').run(playId);
}

/**
 * Makes the library hold `put` and not `remove` (ids in both are kept, as in `put`). Runs inside
 * the caller's transaction. A play whose span changes (or that is re-created) gets `forgetSpan`.
 */
export function writePlaySnapshots(db: Database, remove: readonly number[], put: readonly PlaySnapshot[]): void {
  const kept = new Set(put.map((p) => p.id));
  const del = db.prepare('DELETE FROM plays WHERE id = ?');
  for (const id of remove) if (!kept.has(id)) del.run(id);
  const update = db.prepare(
    `UPDATE plays SET game_id = @gameId, start_s = @startS, end_s = @endS, play_type_id = @playType, label_source = @labelSource,
            team_id = @teamId, period = @period, clock = @clock, player = @player, external_id = @externalId, tags_json = @tagsJson,
            updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      WHERE id = @id`,
  );
  const insert = db.prepare(
    `INSERT INTO plays (id, game_id, start_s, end_s, play_type_id, label_source, team_id, period, clock, player, external_id, tags_json)
     VALUES (@id, @gameId, @startS, @endS, @playType, @labelSource, @teamId, @period, @clock, @player, @externalId, @tagsJson)`,
  );
  // Spans are written in two passes so that two plays swapping a boundary never collide on UNIQUE(game, start, end).
  const current = put.map((p) => readPlaySnapshot(db, p.id));
  put.forEach((p, i) => {
    const before = current[i];
    if (before && (before.startS !== p.startS || before.endS !== p.endS)) {
      forgetSpan(db, p.id);
      db.prepare('UPDATE plays SET start_s = 1e9 + id, end_s = 1e9 + id + 1 WHERE id = ?').run(p.id);
    }
  });
  put.forEach((p, i) => {
    const row = { ...p, tagsJson: JSON.stringify(p.tags) };
    if (current[i]) update.run(row);
    else insert.run(row);
  });
}

/** An id no play and no journalled play has: a redo re-creates plays under their old ids, so those stay reserved. */
export function nextPlayId(db: Database): number {
  const max = (db.prepare('SELECT max(id) AS m FROM plays').get() as { m: number | null }).m ?? 0;
  const journalled = (db.prepare("SELECT coalesce(max(value ->> '$.id'), 0) AS m FROM coding_journal, json_each(coding_journal.after_json)").get() as { m: number }).m;
  return Math.max(max, journalled) + 1;
}

// ---- the journal ------------------------------------------------------------------------------

export type CodingOperation = 'add' | 'trim' | 'split' | 'delete' | 'merge' | 'edit';

export interface JournalEntry {
  id: number;
  operation: CodingOperation;
  summary: string;
  source: string;
  before: PlaySnapshot[];
  after: PlaySnapshot[];
  state: 'done' | 'undone';
  createdAt: string;
}

interface JournalRow {
  id: number;
  operation: CodingOperation;
  summary: string;
  source: string;
  before_json: string;
  after_json: string;
  state: 'done' | 'undone';
  created_at: string;
}

function toEntry(row: JournalRow): JournalEntry {
  return {
    id: row.id,
    operation: row.operation,
    summary: row.summary,
    source: row.source,
    before: JSON.parse(row.before_json) as PlaySnapshot[],
    after: JSON.parse(row.after_json) as PlaySnapshot[],
    state: row.state,
    createdAt: row.created_at,
  };
}

/** Records a new operation; the operations undone before it can no longer be redone. */
export function appendJournal(db: Database, entry: { operation: CodingOperation; summary: string; before: PlaySnapshot[]; after: PlaySnapshot[] }): number {
  db.prepare("DELETE FROM coding_journal WHERE state = 'undone'").run();
  return Number(
    db
      .prepare(`INSERT INTO coding_journal (operation, summary, source, before_json, after_json) VALUES (?, ?, 'analyst', ?, ?)`)
      .run(entry.operation, entry.summary, JSON.stringify(entry.before), JSON.stringify(entry.after)).lastInsertRowid,
  );
}

/** What undo would take back: the newest operation still done. */
export function lastDoneEntry(db: Database): JournalEntry | undefined {
  const row = db.prepare("SELECT * FROM coding_journal WHERE state = 'done' ORDER BY id DESC LIMIT 1").get() as JournalRow | undefined;
  return row && toEntry(row);
}

/** What redo would do again: the oldest operation undone. */
export function firstUndoneEntry(db: Database): JournalEntry | undefined {
  const row = db.prepare("SELECT * FROM coding_journal WHERE state = 'undone' ORDER BY id LIMIT 1").get() as JournalRow | undefined;
  return row && toEntry(row);
}

export function setJournalState(db: Database, id: number, state: 'done' | 'undone'): void {
  db.prepare('UPDATE coding_journal SET state = ? WHERE id = ?').run(state, id);
}

export function countJournal(db: Database): { done: number; undone: number } {
  const rows = db.prepare('SELECT state, count(*) AS n FROM coding_journal GROUP BY state').all() as { state: 'done' | 'undone'; n: number }[];
  return { done: rows.find((r) => r.state === 'done')?.n ?? 0, undone: rows.find((r) => r.state === 'undone')?.n ?? 0 };
}
