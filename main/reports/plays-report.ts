/** One row per play: where it is, its true label and, when a run is given, the model's prediction; play types by name. */
import type { Database } from 'better-sqlite3';
import { PLAYER_TAG_PREFIX } from '../../shared/api/library.js';
import { playReportRows } from '../library/repositories/reports.js';
import { toCsv, type Cell } from './csv.js';
import { playTypeNames } from './play-type-names.js';

function playerOf(tagsJson: string): string | null {
  const tag = (JSON.parse(tagsJson) as string[]).find((t) => t.startsWith(PLAYER_TAG_PREFIX));
  return tag === undefined ? null : tag.slice(PLAYER_TAG_PREFIX.length);
}

export function playsReport(db: Database, runId: number | null): { csv: string; rows: number } {
  const { ids: types, nameOf } = playTypeNames(db);
  const rows = playReportRows(db, runId);
  const header = ['game', 'date', 'home', 'away', 'team', 'player', 'period', 'clock', 'start_s', 'end_s', 'true_type', 'label_source', 'predicted_type', 'confidence', ...types.map((t) => `p_${nameOf(t)}`)];
  const body = rows.map((r): Cell[] => {
    const probabilities = r.probabilities_json ? (JSON.parse(r.probabilities_json) as Record<string, number>) : null;
    return [
      r.game, r.date, r.home, r.away, r.team, playerOf(r.tags_json), r.period, r.clock, r.start_s.toFixed(3), r.end_s.toFixed(3), nameOf(r.true_type), r.label_source,
      r.predicted_type === null ? null : nameOf(r.predicted_type), r.confidence, ...types.map((t) => (probabilities ? probabilities[t] ?? null : null)),
    ];
  });
  return { csv: toCsv(header, body), rows: body.length };
}
