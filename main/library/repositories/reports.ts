import type { Database } from 'better-sqlite3';

// The queries behind the CSV and Sportscode exports (main/reports/ turns their rows into files).

/** One play of a ready game with its game, teams and true label, and run `runId`'s prediction if any. */
export interface PlayReportRow {
  game: string;
  date: string | null;
  home: string | null;
  away: string | null;
  team: string | null;
  period: number | null;
  clock: string | null;
  start_s: number;
  end_s: number;
  true_type: string;
  label_source: string;
  predicted_type: string | null;
  confidence: number | null;
  probabilities_json: string | null;
  /** The play's tags as stored (a JSON array); the player is one of them ("Player:…"). */
  tags_json: string;
}

/** Every play of every ready game in film order; `runId` null leaves the prediction columns empty. */
export function playReportRows(db: Database, runId: number | null): PlayReportRow[] {
  return db
    .prepare(
      `SELECT g.name AS game, g.date, h.name AS home, a.name AS away, t.name AS team, p.period, p.clock, p.start_s, p.end_s,
              p.play_type_id AS true_type, p.label_source, pr.play_type_id AS predicted_type, pr.confidence, pr.probabilities_json, p.tags_json
         FROM plays p JOIN games g ON g.id = p.game_id
         LEFT JOIN teams h ON h.id = g.home_team_id LEFT JOIN teams a ON a.id = g.away_team_id LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN predictions pr ON pr.play_id = p.id AND pr.run_id = ? AND pr.stale_at IS NULL
        WHERE g.status = 'ready'
        ORDER BY g.date, g.id, p.start_s, p.end_s`,
    )
    .all(runId ?? -1) as PlayReportRow[];
}

/** True-label counts of ready games' plays, per team (by name) or per game (in film order). */
export function playTypeCountsBy(db: Database, scope: 'team' | 'game'): { name: string; type: string; n: number }[] {
  return db
    .prepare(
      scope === 'team'
        ? `SELECT t.name AS name, p.play_type_id AS type, count(*) AS n FROM plays p JOIN games g ON g.id = p.game_id JOIN teams t ON t.id = p.team_id
            WHERE g.status = 'ready' GROUP BY t.id, p.play_type_id ORDER BY t.name`
        : `SELECT g.name AS name, p.play_type_id AS type, count(*) AS n FROM plays p JOIN games g ON g.id = p.game_id
            WHERE g.status = 'ready' GROUP BY g.id, p.play_type_id ORDER BY g.date, g.id`,
    )
    .all() as { name: string; type: string; n: number }[];
}

/** A ready game's name and video, or undefined. */
export function readyGameForExport(db: Database, gameId: number): { name: string; video_path: string } | undefined {
  return db.prepare(`SELECT name, video_path FROM games WHERE id = ? AND status = 'ready'`).get(gameId) as { name: string; video_path: string } | undefined;
}

/** A game's plays in film order with their team, tags, and run `runId`'s predicted type if any. */
export function gamePlaysForExport(db: Database, gameId: number, runId: number | null) {
  return db
    .prepare(
      `SELECT p.id, p.external_id, p.start_s, p.end_s, p.play_type_id, t.name AS team, p.tags_json, pr.play_type_id AS predicted
         FROM plays p LEFT JOIN teams t ON t.id = p.team_id LEFT JOIN predictions pr ON pr.play_id = p.id AND pr.run_id = ? AND pr.stale_at IS NULL
        WHERE p.game_id = ? ORDER BY p.start_s, p.end_s`,
    )
    .all(runId ?? -1, gameId) as { id: number; external_id: string | null; start_s: number; end_s: number; play_type_id: string; team: string | null; tags_json: string; predicted: string | null }[];
}
