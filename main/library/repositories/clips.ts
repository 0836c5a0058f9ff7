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

/**
 * Every stored clip of T = `frames` frames of a play in a ready game, in film order; a play with
 * clips at several sizes lists the one at `size` first, then the others largest first.
 */
export function clipsOfReadyGames(db: Database, options: { frames: number; size: number }): { playId: number; gameId: number; path: string; size: number }[] {
  return db
    .prepare(
      `SELECT p.id AS playId, p.game_id AS gameId, c.path, c.size
         FROM plays p JOIN games g ON g.id = p.game_id JOIN clips c ON c.play_id = p.id AND c.frames = @frames
        WHERE g.status = 'ready'
        ORDER BY p.game_id, p.start_s, p.id, (c.size = @size) DESC, c.size DESC`,
    )
    .all({ frames: options.frames, size: options.size }) as { playId: number; gameId: number; path: string; size: number }[];
}
