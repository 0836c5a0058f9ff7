import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/library/migrate.js';
import { LATEST_SCHEMA_VERSION, migrations } from '../../../main/library/migrations/index.js';
import type { Migration } from '../../../main/library/migrations/types.js';

function memory() {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

function tables(db: BetterSqlite3.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… in the registry', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
  });

  it('bring an empty database to the latest version and record it in user_version', () => {
    const db = memory();
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'seasons', 'teams', 'games', 'plays', 'play_types', 'clips', 'weight_sets', 'feature_sets',
        'features', 'models', 'training_runs', 'training_epochs', 'predictions',
      ]),
    );
  });

  it('run only once: a second migrate changes nothing', () => {
    const db = memory();
    migrate(db);
    const before = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all();
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(before);
  });

  it('apply each migration in a transaction: a failing one leaves the previous version whole', () => {
    const db = memory();
    const broken: Migration[] = [
      { version: 1, name: 'good', up: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'half-done', up: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => migrate(db, broken)).toThrow(/nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['a']);
  });

  it('refuse a registry with gaps or out of order', () => {
    const db = memory();
    expect(() => migrate(db, [{ version: 2, name: 'skips one', up: 'SELECT 1;' }])).toThrow(/expected 1/);
  });

  it('refuse a database newer than the registry', () => {
    const db = memory();
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrow(/newer/);
  });

  it('enforce the play rules in the schema: end after start, known play type, one row per (game, start, end)', () => {
    const db = memory();
    migrate(db);
    db.prepare("INSERT INTO play_types (id, ordinal, name, color) VALUES ('Cut', 0, 'Cut', '#000000')").run();
    db.prepare("INSERT INTO games (id, name, video_path, content_hash, duration_s, fps, width, height) VALUES (1, 'g', '/v.mp4', 'h', 60, 30, 64, 64)").run();
    const insert = db.prepare("INSERT INTO plays (game_id, start_s, end_s, play_type_id, label_source) VALUES (1, ?, ?, ?, 'imported')");
    insert.run(1, 5, 'Cut');
    expect(() => insert.run(1, 5, 'Cut')).toThrow(/UNIQUE/);
    expect(() => insert.run(7, 6, 'Cut')).toThrow(/CHECK/);
    expect(() => insert.run(8, 9, 'Nonsense')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO plays (game_id, start_s, end_s, play_type_id, label_source) VALUES (1, 10, 12, 'Cut', 'guess')").run()).toThrow(/CHECK/);
  });
});
