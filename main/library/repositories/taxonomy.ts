import type { Database } from 'better-sqlite3';
import type { PlayType } from '../../../shared/taxonomy.js';

interface PlayTypeRow {
  id: string;
  ordinal: number;
  name: string;
  color: string;
  description: string;
  aliases_json: string;
}

function rowToPlayType(row: PlayTypeRow): PlayType {
  return { id: row.id, name: row.name, color: row.color, description: row.description, aliases: JSON.parse(row.aliases_json) as string[] };
}

export function listPlayTypes(db: Database): PlayType[] {
  return (db.prepare('SELECT * FROM play_types ORDER BY ordinal').all() as PlayTypeRow[]).map(rowToPlayType);
}

export function countPlayTypes(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM play_types').get() as { n: number }).n;
}

/** Writes a taxonomy in its given order (the order is the class index the models use). */
export function insertTaxonomy(db: Database, playTypes: readonly PlayType[]): void {
  const insert = db.prepare(
    'INSERT INTO play_types (id, ordinal, name, color, description, aliases_json) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    playTypes.forEach((type, ordinal) => {
      insert.run(type.id, ordinal, type.name, type.color, type.description, JSON.stringify(type.aliases));
    });
  })();
}
