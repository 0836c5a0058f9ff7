/** Play-type counts per team, then per game (true labels): `scope,name,<one column per type, by name>,total`. */
import type { Database } from 'better-sqlite3';
import { playTypeCountsBy } from '../library/repositories/reports.js';
import { toCsv, type Cell } from './csv.js';
import { playTypeNames } from './play-type-names.js';

export function frequencyReport(db: Database): { csv: string; rows: number } {
  const { ids: types, nameOf } = playTypeNames(db);
  const rows: Cell[][] = [];
  for (const scope of ['team', 'game'] as const) {
    const byName = new Map<string, Map<string, number>>();
    for (const { name, type, n } of playTypeCountsBy(db, scope)) {
      if (!byName.has(name)) byName.set(name, new Map());
      byName.get(name)!.set(type, n);
    }
    for (const [name, perType] of byName) {
      const values = types.map((t) => perType.get(t) ?? 0);
      rows.push([scope, name, ...values, values.reduce((a, b) => a + b, 0)]);
    }
  }
  return { csv: toCsv(['scope', 'name', ...types.map(nameOf), 'total'], rows), rows: rows.length };
}
