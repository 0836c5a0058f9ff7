import type { Database } from 'better-sqlite3';

/** The team's id, creating it on first use. */
export function ensureTeam(db: Database, name: string, abbreviation: string | null = null): number {
  db.prepare('INSERT INTO teams (name, abbreviation) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, abbreviation);
  return (db.prepare('SELECT id FROM teams WHERE name = ?').get(name) as { id: number }).id;
}
