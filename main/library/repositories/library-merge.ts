import type { Database } from 'better-sqlite3';
import type { LabelSource } from '../../../shared/taxonomy.js';

/** What a merge reads from the other library: rows by the natural keys they share across machines. */
export interface MergeGame {
  id: number;
  seasonName: string | null;
  name: string;
  date: string | null;
  homeTeam: string | null;
  awayTeam: string | null;
  videoPath: string;
  contentHash: string;
  durationS: number;
  fps: number;
  width: number;
  height: number;
  codec: string | null;
}

export interface MergePlay {
  id: number;
  startS: number;
  endS: number;
  playType: string;
  labelSource: LabelSource;
  team: string | null;
  period: number | null;
  clock: string | null;
  externalId: string | null;
  tags: string[];
}

export interface MergeFeatureRow {
  clipId: number;
  engine: string;
  shard: number;
  row: number;
  contentHash: string;
  startS: number;
  endS: number;
  frames: number;
  size: number;
}

export function readyGamesForMerge(db: Database): MergeGame[] {
  return db
    .prepare(
      `SELECT g.id, s.name AS seasonName, g.name, g.date, home.name AS homeTeam, away.name AS awayTeam,
              g.video_path AS videoPath, g.content_hash AS contentHash, g.duration_s AS durationS,
              g.fps, g.width, g.height, g.codec
         FROM games g LEFT JOIN seasons s ON s.id = g.season_id
         LEFT JOIN teams home ON home.id = g.home_team_id LEFT JOIN teams away ON away.id = g.away_team_id
        WHERE g.status = 'ready' ORDER BY g.id`,
    )
    .all() as MergeGame[];
}

export function playsForMerge(db: Database, gameId: number): MergePlay[] {
  const rows = db
    .prepare(
      `SELECT p.id, p.start_s AS startS, p.end_s AS endS, p.play_type_id AS playType, p.label_source AS labelSource,
              t.name AS team, p.period, p.clock, p.external_id AS externalId, p.tags_json AS tagsJson
         FROM plays p LEFT JOIN teams t ON t.id = p.team_id WHERE p.game_id = ? ORDER BY p.start_s, p.id`,
    )
    .all(gameId) as (Omit<MergePlay, 'tags'> & { tagsJson: string })[];
  return rows.map(({ tagsJson, ...play }) => ({ ...play, tags: JSON.parse(tagsJson) as string[] }));
}

export function playLabel(db: Database, playId: number): { playType: string; labelSource: LabelSource } {
  return db.prepare('SELECT play_type_id AS playType, label_source AS labelSource FROM plays WHERE id = ?').get(playId) as { playType: string; labelSource: LabelSource };
}

export function clipsOfPlayForMerge(db: Database, playId: number): { frames: number; size: number; path: string; sha256: string }[] {
  return db.prepare('SELECT frames, size, path, sha256 FROM clips WHERE play_id = ? ORDER BY id').all(playId) as { frames: number; size: number; path: string; sha256: string }[];
}

/** A feature set's rows with the keys that find the same clip in another library. */
export function featureRowsForMerge(db: Database, featureSetId: number): MergeFeatureRow[] {
  return db
    .prepare(
      `SELECT f.clip_id AS clipId, f.engine, f.shard, f.row, g.content_hash AS contentHash,
              p.start_s AS startS, p.end_s AS endS, c.frames, c.size
         FROM features f JOIN clips c ON c.id = f.clip_id JOIN plays p ON p.id = c.play_id JOIN games g ON g.id = p.game_id
        WHERE f.feature_set_id = ? AND g.status = 'ready' ORDER BY f.shard, f.row`,
    )
    .all(featureSetId) as MergeFeatureRow[];
}

/** The clip in this library for a play known by its game's content hash and its times. */
export function clipByNaturalKey(db: Database, key: { contentHash: string; startS: number; endS: number; frames: number; size: number }): number | undefined {
  const row = db
    .prepare(
      `SELECT c.id FROM clips c JOIN plays p ON p.id = c.play_id JOIN games g ON g.id = p.game_id
        WHERE g.content_hash = ? AND p.start_s = ? AND p.end_s = ? AND c.frames = ? AND c.size = ?`,
    )
    .get(key.contentHash, key.startS, key.endS, key.frames, key.size) as { id: number } | undefined;
  return row?.id;
}
