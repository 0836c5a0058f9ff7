import type { Database } from 'better-sqlite3';

/** One schema version: SQL to run, or a function for changes SQL alone cannot make. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string | ((db: Database) => void);
}
