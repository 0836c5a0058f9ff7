import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { LibraryAccessError } from '../../shared/errors.js';

export interface BackupResult {
  destination: string;
  bytes: number;
  pages: number;
}

/**
 * Copies the library with SQLite's online backup API, so a consistent copy is taken even while
 * other work writes. The copy lands under a temporary name and is renamed into place when whole.
 */
export async function backupLibrary(
  db: Database,
  destination: string,
  options: { overwrite?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<BackupResult> {
  const target = path.resolve(destination);
  if (path.resolve(db.name) === target) throw new LibraryAccessError('The backup must go to another file than the library itself.');
  if (fs.existsSync(target) && !options.overwrite) {
    throw new LibraryAccessError(`${target} already exists. Choose a new file name, or pass --overwrite to replace it.`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  let pages = 0;
  try {
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        pages = totalPages;
        options.onProgress?.(totalPages - remainingPages, totalPages);
        return 256; // pages per step: small steps keep other work on this connection moving
      },
    });
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new LibraryAccessError(`Could not back up the library to ${target}: ${(error as Error).message}`);
  }
  return { destination: target, bytes: fs.statSync(target).size, pages };
}
