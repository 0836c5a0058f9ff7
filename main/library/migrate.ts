import type { Database } from 'better-sqlite3';
import { LibraryVersionError } from '../../shared/errors.js';
import { migrations as registry, type Migration } from './migrations/index.js';

/**
 * Applies every migration newer than the file's `PRAGMA user_version`, each in its own
 * transaction that ends by recording its version: a crash leaves the library at a whole version.
 */
export function migrate(db: Database, migrations: readonly Migration[] = registry): number {
  assertIncreasing(migrations);
  let version = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (version > latest) {
    throw new LibraryVersionError(`The library's schema version ${version} is newer than this Film Room knows (${latest}).`);
  }
  for (const migration of migrations) {
    if (migration.version <= version) continue;
    db.transaction(() => {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    version = migration.version;
  }
  return version;
}

function assertIncreasing(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1} (versions run 1, 2, 3… with no gaps).`);
    }
  });
}
