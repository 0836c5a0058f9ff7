/** Play-type counts per team, then per game (true labels): `scope,name,<one column per type>,total`. */
import type { Database } from 'better-sqlite3';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { toCsv, type Cell } from './csv.js';

export function frequencyReport(db: Database): { csv: string; rows: number } {
  const types = listPlayTypes(db).map((t) => t.id);
  const counts = (scope: 'team' | 'game') =>
    db
      .prepare(
        scope === 'team'
          ? `SELECT t.name AS name, p.play_type_id AS type, count(*) AS n FROM plays p JOIN games g ON g.id = p.game_id JOIN teams t ON t.id = p.team_id
              WHERE g.status = 'ready' GROUP BY t.id, p.play_type_id ORDER BY t.name`
          : `SELECT g.name AS name, p.play_type_id AS type, count(*) AS n FROM plays p JOIN games g ON g.id = p.game_id
              WHERE g.status = 'ready' GROUP BY g.id, p.play_type_id ORDER BY g.date, g.id`,
      )
      .all() as { name: string; type: string; n: number }[];
  const rows: Cell[][] = [];
  for (const scope of ['team', 'game'] as const) {
    const byName = new Map<string, Map<string, number>>();
    for (const { name, type, n } of counts(scope)) {
      if (!byName.has(name)) byName.set(name, new Map());
      byName.get(name)!.set(type, n);
    }
    for (const [name, perType] of byName) {
      const values = types.map((t) => perType.get(t) ?? 0);
      rows.push([scope, name, ...values, values.reduce((a, b) => a + b, 0)]);
    }
  }
  return { csv: toCsv(['scope', 'name', ...types, 'total'], rows), rows: rows.length };
}
