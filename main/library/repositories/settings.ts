import type { Database } from 'better-sqlite3';

export interface LibrarySettings {
  /** T: frames per clip. */
  clipFrames: number;
  /** S: clip frames are S×S pixels. */
  frameSize: number;
}

export function readSettings(db: Database): LibrarySettings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const map = new Map(rows.map((row) => [row.key, row.value]));
  return { clipFrames: Number(map.get('clip_frames') ?? 40), frameSize: Number(map.get('frame_size') ?? 224) };
}

export function writeSetting(db: Database, key: 'clip_frames' | 'frame_size', value: number): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, String(value));
}

/** Free-form values the app keeps between starts (not library parameters): JSON under their key. */
export function readAppState(db: Database, key: 'review_position'): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(`app.${key}`) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return undefined; // a damaged value is the same as none
  }
}

export function writeAppState(db: Database, key: 'review_position', value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`app.${key}`, JSON.stringify(value));
}
