import type { Database } from 'better-sqlite3';
import type { Season } from '../../../shared/api/library.js';

interface SeasonRow {
  id: number;
  name: string;
  game_count: number;
  play_count: number;
}

/** Seasons with their counts; only games whose import finished are counted. */
export function listSeasons(db: Database): Season[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.name,
              (SELECT count(*) FROM games g WHERE g.season_id = s.id AND g.status = 'ready') AS game_count,
              (SELECT count(*) FROM plays p JOIN games g ON g.id = p.game_id
                WHERE g.season_id = s.id AND g.status = 'ready') AS play_count
         FROM seasons s ORDER BY s.name`,
    )
    .all() as SeasonRow[];
  return rows.map((row) => ({ id: row.id, name: row.name, gameCount: row.game_count, playCount: row.play_count }));
}

/** The season's id, creating it on first use. */
export function ensureSeason(db: Database, name: string): number {
  db.prepare('INSERT INTO seasons (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name);
  return (db.prepare('SELECT id FROM seasons WHERE name = ?').get(name) as { id: number }).id;
}
