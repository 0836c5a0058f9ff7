import type { Database } from 'better-sqlite3';

export interface ClipRow {
  id: number;
  play_id: number;
  frames: number;
  size: number;
  path: string;
  sha256: string;
}

/** Plays of a game that have no clip of this shape yet: what an (interrupted) import still owes. */
export function playsWithoutClip(db: Database, gameId: number, frames: number, size: number): { id: number; start_s: number; end_s: number }[] {
  return db
    .prepare(
      `SELECT p.id, p.start_s, p.end_s FROM plays p
        WHERE p.game_id = ? AND NOT EXISTS (SELECT 1 FROM clips c WHERE c.play_id = p.id AND c.frames = ? AND c.size = ?)
        ORDER BY p.start_s`,
    )
    .all(gameId, frames, size) as { id: number; start_s: number; end_s: number }[];
}

export function insertClip(db: Database, clip: Omit<ClipRow, 'id'>): number {
  const result = db
    .prepare(
      `INSERT INTO clips (play_id, frames, size, path, sha256) VALUES (@play_id, @frames, @size, @path, @sha256)
       ON CONFLICT (play_id, frames, size) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256`,
    )
    .run(clip);
  return Number(result.lastInsertRowid);
}

export function getClip(db: Database, playId: number, frames: number, size: number): ClipRow | undefined {
  return db.prepare('SELECT * FROM clips WHERE play_id = ? AND frames = ? AND size = ?').get(playId, frames, size) as ClipRow | undefined;
}
