import type { Database } from 'better-sqlite3';
import type { Game, TeamRef } from '../../../shared/api/library.js';

interface GameRow {
  id: number;
  season_id: number | null;
  season_name: string | null;
  name: string;
  date: string | null;
  home_team_id: number | null;
  home_team_name: string | null;
  away_team_id: number | null;
  away_team_name: string | null;
  video_path: string;
  content_hash: string;
  duration_s: number;
  fps: number;
  width: number;
  height: number;
  play_count: number;
}

function teamRef(id: number | null, name: string | null): TeamRef | null {
  return id === null || name === null ? null : { id, name };
}

function rowToGame(row: GameRow): Game {
  return {
    id: row.id,
    seasonId: row.season_id,
    seasonName: row.season_name,
    name: row.name,
    date: row.date,
    homeTeam: teamRef(row.home_team_id, row.home_team_name),
    awayTeam: teamRef(row.away_team_id, row.away_team_name),
    videoPath: row.video_path,
    contentHash: row.content_hash,
    durationS: row.duration_s,
    fps: row.fps,
    width: row.width,
    height: row.height,
    playCount: row.play_count,
  };
}

const SELECT_GAMES = `
  SELECT g.id, g.season_id, s.name AS season_name, g.name, g.date,
         g.home_team_id, home.name AS home_team_name, g.away_team_id, away.name AS away_team_name,
         g.video_path, g.content_hash, g.duration_s, g.fps, g.width, g.height,
         (SELECT count(*) FROM plays p WHERE p.game_id = g.id) AS play_count
    FROM games g
    LEFT JOIN seasons s ON s.id = g.season_id
    LEFT JOIN teams home ON home.id = g.home_team_id
    LEFT JOIN teams away ON away.id = g.away_team_id`;

/** Finished games (a game still importing stays hidden), by season then date and name. */
export function listGames(db: Database, filter: { seasonId?: number | undefined } = {}): Game[] {
  const where = filter.seasonId === undefined ? '' : 'AND g.season_id = @seasonId';
  const rows = db
    .prepare(`${SELECT_GAMES} WHERE g.status = 'ready' ${where} ORDER BY s.name, g.date, g.name, g.id`)
    .all(filter.seasonId === undefined ? {} : { seasonId: filter.seasonId }) as GameRow[];
  return rows.map(rowToGame);
}

export function getGame(db: Database, id: number): Game | undefined {
  const row = db.prepare(`${SELECT_GAMES} WHERE g.id = ? AND g.status = 'ready'`).get(id) as GameRow | undefined;
  return row && rowToGame(row);
}

export interface NewGame {
  seasonId: number | null;
  name: string;
  date: string | null;
  homeTeamId: number | null;
  awayTeamId: number | null;
  videoPath: string;
  contentHash: string;
  durationS: number;
  fps: number;
  width: number;
  height: number;
  codec: string | null;
  /** 'importing' keeps the game hidden until its plays are in; mark it ready in the same run. */
  status: 'importing' | 'ready';
}

export function insertGame(db: Database, game: NewGame): number {
  const result = db
    .prepare(
      `INSERT INTO games (season_id, name, date, home_team_id, away_team_id, video_path, content_hash,
                          duration_s, fps, width, height, codec, status)
       VALUES (@seasonId, @name, @date, @homeTeamId, @awayTeamId, @videoPath, @contentHash,
               @durationS, @fps, @width, @height, @codec, @status)`,
    )
    .run(game);
  return Number(result.lastInsertRowid);
}

export function markGameReady(db: Database, id: number): void {
  db.prepare("UPDATE games SET status = 'ready' WHERE id = ?").run(id);
}

/** The game that already holds this video, finished or not (an unfinished one is resumed). */
export function findGameByHash(db: Database, contentHash: string): { id: number; status: 'importing' | 'ready' } | undefined {
  return db.prepare('SELECT id, status FROM games WHERE content_hash = ?').get(contentHash) as { id: number; status: 'importing' | 'ready' } | undefined;
}

/** The video file of a visible game, for the player; undefined for an unknown or unfinished game. */
export function videoPathOfGame(db: Database, gameId: number): string | undefined {
  const row = db.prepare(`SELECT video_path FROM games WHERE id = ? AND status = 'ready'`).get(gameId) as { video_path: string } | undefined;
  return row?.video_path;
}

/** Ready games in the order split work counts them: by video file name, then content hash. */
export function gamesInWorkOrder(db: Database): { id: number; videoPath: string; contentHash: string }[] {
  return db
    .prepare(`SELECT id, video_path AS videoPath, content_hash AS contentHash FROM games WHERE status = 'ready'`)
    .all() as { id: number; videoPath: string; contentHash: string }[];
}
