import type { Database } from 'better-sqlite3';

export interface PlayNeedingClip {
  playId: number;
  gameId: number;
  startS: number;
  endS: number;
  videoPath: string;
  contentHash: string;
  fps: number;
  durationS: number;
}

const NEEDING_CLIP = `SELECT p.id AS playId, p.game_id AS gameId, p.start_s AS startS, p.end_s AS endS, g.video_path AS videoPath,
              g.content_hash AS contentHash, g.fps, g.duration_s AS durationS
         FROM plays p JOIN games g ON g.id = p.game_id
        WHERE g.status = 'ready'
          AND NOT EXISTS (SELECT 1 FROM clips c WHERE c.play_id = p.id AND c.frames = @frames AND c.size = @size)`;

/** Plays of visible games with no clip of this shape (a new frame size asked for by extraction). */
export function playsWithoutClipOfShape(db: Database, frames: number, size: number): PlayNeedingClip[] {
  return db.prepare(`${NEEDING_CLIP} ORDER BY p.game_id, p.start_s`).all({ frames, size }) as PlayNeedingClip[];
}

/** The one play, if its game is visible and it has no clip of this shape: a lookup by id, whatever the library's size. */
export function playNeedingClip(db: Database, playId: number, frames: number, size: number): PlayNeedingClip | undefined {
  return db.prepare(`${NEEDING_CLIP} AND p.id = @playId`).get({ frames, size, playId }) as PlayNeedingClip | undefined;
}
