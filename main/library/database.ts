import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import defaultTaxonomy from '../../resources/taxonomy.json' with { type: 'json' };
import { LibraryAccessError, LibraryVersionError } from '../../shared/errors.js';
import { TaxonomySchema } from '../../shared/taxonomy.js';
import { migrate } from './migrate.js';
import { sqliteNativeBinding } from './native-binding.js';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';
import { insertTaxonomy, countPlayTypes } from './repositories/taxonomy.js';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from '../system/private-files.js';

export type { Database } from 'better-sqlite3';

/** 'FRM1': marks the SQLite file as a Film Room library, so a stranger's database is refused. */
export const FILMROOM_APPLICATION_ID = 0x46524d31;

/** The schema version from which features live in files beside the library. */
const FEATURES_MOVED_OUT = 5;

export interface OpenLibraryOptions {
  /** Open for reading only: no migration, no seeding; a library that needs upgrading is refused. */
  readonly readonly?: boolean;
}

/**
 * Opens (creating if needed) the one SQLite file that holds a library, with the durability
 * settings the design asks for, and brings its schema up to date.
 */
export function openLibrary(file: string, options: OpenLibraryOptions = {}): Database {
  const isMemory = file === ':memory:';
  if (!isMemory) {
    if (options.readonly && !fs.existsSync(file)) throw new LibraryAccessError(`No library at ${file}.`);
    try {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: PRIVATE_FOLDER_MODE });
      // Created private before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
      if (!options.readonly) fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
    } catch (error) {
      throw new LibraryAccessError(`Cannot create the folder for the library ${file}: ${(error as Error).message}`);
    }
  }
  // Under Electron, the build of better-sqlite3 made for Electron's ABI (see native-binding.ts).
  const nativeBinding = sqliteNativeBinding();
  let db: Database;
  try {
    db = new BetterSqlite3(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    throw new LibraryAccessError(`Cannot open the library ${file}: ${(error as Error).message}`);
  }
  try {
    configure(db, file, options.readonly ?? false);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function configure(db: Database, file: string, readonly: boolean): void {
  try {
    // Reading the schema first turns "file is not a database" into an error here, not later.
    db.pragma('schema_version');
  } catch (error) {
    throw new LibraryAccessError(`${file} is not a SQLite database (${(error as Error).message}).`);
  }
  checkOwnership(db, file);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_SCHEMA_VERSION) {
    throw new LibraryVersionError(
      `The library ${file} was written by a newer version of Film Room (schema version ${version}; ` +
        `this version reads up to ${LATEST_SCHEMA_VERSION}). Update Film Room to open it, or choose another library.`,
    );
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (readonly) {
    if (version < LATEST_SCHEMA_VERSION) {
      throw new LibraryVersionError(`The library ${file} needs upgrading (schema ${version} → ${LATEST_SCHEMA_VERSION}); open it once for writing.`);
    }
    return;
  }
  // WAL lets readers (the UI) work while a job writes; FULL makes every commit survive power loss.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`application_id = ${FILMROOM_APPLICATION_ID}`);
  const migratedFrom = db.pragma('user_version', { simple: true }) as number;
  migrate(db);
  // Features used to live in this file; once they are moved out (005) the space is given back
  // once, so the library is small from the first open. VACUUM cannot run inside the migration.
  if (migratedFrom > 0 && migratedFrom < FEATURES_MOVED_OUT && file !== ':memory:') db.exec('VACUUM');
  if (countPlayTypes(db) === 0) insertTaxonomy(db, TaxonomySchema.parse(defaultTaxonomy).playTypes);
}

function checkOwnership(db: Database, file: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === FILMROOM_APPLICATION_ID) return;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
  if (applicationId !== 0 || tables.n > 0) {
    throw new LibraryAccessError(`${file} is a SQLite database, but not a Film Room library. Choose another file, or a new path to create a library.`);
  }
}
