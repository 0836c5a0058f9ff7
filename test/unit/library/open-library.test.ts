import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import defaultTaxonomy from '../../../resources/taxonomy.json' with { type: 'json' };
import { FILMROOM_APPLICATION_ID, openLibrary } from '../../../main/library/database.js';
import { LATEST_SCHEMA_VERSION } from '../../../main/library/migrations/index.js';
import { listPlayTypes } from '../../../main/library/repositories/taxonomy.js';
import { LibraryAccessError, LibraryVersionError } from '../../../shared/errors.js';
import { tempDir } from '../../helpers/temp.js';

describe('openLibrary', () => {
  it('creates a new library file with WAL, synchronous=FULL, foreign keys and the default taxonomy', () => {
    const file = path.join(tempDir(), 'nested', 'new.db');
    const db = openLibrary(file);
    try {
      expect(fs.existsSync(file)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(db.pragma('application_id', { simple: true })).toBe(FILMROOM_APPLICATION_ID);
      const types = listPlayTypes(db);
      expect(types.map((t) => t.id)).toEqual([
        'Transition', 'Isolation', 'PRBallHandler', 'PRRollman', 'Postup', 'Spotup', 'Handoff', 'Cut', 'OffScreen', 'OffRebound', 'Misc',
      ]);
      expect(types).toEqual(defaultTaxonomy.playTypes);
    } finally {
      db.close();
    }
  });

  it('opens an existing library again without seeding the taxonomy twice', () => {
    const file = path.join(tempDir(), 'again.db');
    openLibrary(file).close();
    const db = openLibrary(file);
    expect(listPlayTypes(db)).toHaveLength(11);
    db.close();
  });

  it('refuses a library written by a newer Film Room and says so', () => {
    const file = path.join(tempDir(), 'future.db');
    openLibrary(file).close();
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
    raw.close();
    expect(() => openLibrary(file)).toThrow(LibraryVersionError);
    expect(() => openLibrary(file)).toThrow(/newer version of Film Room .*schema version \d+; this version reads up to \d+/);
    // Refusing it left it untouched.
    const check = new BetterSqlite3(file);
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 3);
    check.close();
  });

  it('refuses a SQLite file that is not a Film Room library, and a file that is not SQLite', () => {
    const dir = tempDir();
    const foreign = path.join(dir, 'foreign.db');
    const raw = new BetterSqlite3(foreign);
    raw.exec('CREATE TABLE invoices (id INTEGER)');
    raw.close();
    expect(() => openLibrary(foreign)).toThrow(LibraryAccessError);
    expect(() => openLibrary(foreign)).toThrow(/not a Film Room library/);

    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'these are not the pages you are looking for'.repeat(200));
    expect(() => openLibrary(text)).toThrow(/not a SQLite database/);
  });

  it('opens read-only without changing the file, and refuses a missing one', () => {
    const dir = tempDir();
    expect(() => openLibrary(path.join(dir, 'missing.db'), { readonly: true })).toThrow(/No library at/);
    const file = path.join(dir, 'ro.db');
    openLibrary(file).close();
    const db = openLibrary(file, { readonly: true });
    expect(() => db.prepare("INSERT INTO seasons (name) VALUES ('x')").run()).toThrow(/readonly/);
    db.close();
  });
});
