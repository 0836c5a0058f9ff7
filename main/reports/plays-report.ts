/** One row per play: where it is, its true label and, when a run is given, the model's prediction. */
import type { Database } from 'better-sqlite3';
import { PLAYER_TAG_PREFIX } from '../../shared/api/library.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { toCsv, type Cell } from './csv.js';

interface Row {
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
  tags_json: string;
}

function playerOf(tagsJson: string): string | null {
  const tag = (JSON.parse(tagsJson) as string[]).find((t) => t.startsWith(PLAYER_TAG_PREFIX));
  return tag === undefined ? null : tag.slice(PLAYER_TAG_PREFIX.length);
}

export function playsReport(db: Database, runId: number | null): { csv: string; rows: number } {
  const types = listPlayTypes(db).map((t) => t.id);
  const rows = db
    .prepare(
      `SELECT g.name AS game, g.date, h.name AS home, a.name AS away, t.name AS team, p.period, p.clock, p.start_s, p.end_s,
              p.play_type_id AS true_type, p.label_source, pr.play_type_id AS predicted_type, pr.confidence, pr.probabilities_json, p.tags_json
         FROM plays p JOIN games g ON g.id = p.game_id
         LEFT JOIN teams h ON h.id = g.home_team_id LEFT JOIN teams a ON a.id = g.away_team_id LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN predictions pr ON pr.play_id = p.id AND pr.run_id = ?
        WHERE g.status = 'ready'
        ORDER BY g.date, g.id, p.start_s, p.end_s`,
    )
    .all(runId ?? -1) as Row[];
  const header = ['game', 'date', 'home', 'away', 'team', 'player', 'period', 'clock', 'start_s', 'end_s', 'true_type', 'label_source', 'predicted_type', 'confidence', ...types.map((t) => `p_${t}`)];
  const body = rows.map((r): Cell[] => {
    const probabilities = r.probabilities_json ? (JSON.parse(r.probabilities_json) as Record<string, number>) : null;
    return [
      r.game, r.date, r.home, r.away, r.team, playerOf(r.tags_json), r.period, r.clock, r.start_s.toFixed(3), r.end_s.toFixed(3), r.true_type, r.label_source,
      r.predicted_type, r.confidence, ...types.map((t) => (probabilities ? probabilities[t] ?? null : null)),
    ];
  });
  return { csv: toCsv(header, body), rows: body.length };
}
