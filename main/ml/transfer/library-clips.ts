/**
 * The library's labelled plays with a clip in the clip cache, for training on frames directly.
 * A play may have clips at several sizes: the one at the size asked for wins, else the largest
 * (resized at load time, see clip-frames.ts).
 */
import type { Database } from 'better-sqlite3';
import { listPlayTypes } from '../../library/repositories/taxonomy.js';

export interface LibraryClip {
  playId: number;
  gameId: number;
  /** Class index in taxonomy order. */
  label: number;
  /** The clip file, relative to the clip cache. */
  path: string;
  /** Its frames' side in pixels (T frames of size × size). */
  size: number;
}

export interface LabelledClips {
  clips: LibraryClip[];
  /** Play-type ids in class-index order. */
  classIds: string[];
}

/** Plays labelled by a person or an annotation file, of visible games, with a clip of T frames; in film order. */
export function labelledClips(db: Database, options: { frames: number; size: number }): LabelledClips {
  const classIds = listPlayTypes(db).map((t) => t.id);
  const index = new Map(classIds.map((id, i) => [id, i]));
  const rows = db
    .prepare(
      `SELECT p.id AS playId, p.game_id AS gameId, p.play_type_id AS playType, c.path, c.size
         FROM plays p JOIN games g ON g.id = p.game_id JOIN clips c ON c.play_id = p.id AND c.frames = @frames
        WHERE g.status = 'ready' AND p.label_source <> 'model'
        ORDER BY p.game_id, p.start_s, p.id, (c.size = @size) DESC, c.size DESC`,
    )
    .all({ frames: options.frames, size: options.size }) as { playId: number; gameId: number; playType: string; path: string; size: number }[];
  const clips: LibraryClip[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    const label = index.get(row.playType);
    if (seen.has(row.playId) || label === undefined) continue;
    seen.add(row.playId);
    clips.push({ playId: row.playId, gameId: row.gameId, label, path: row.path, size: row.size });
  }
  return { clips, classIds };
}
