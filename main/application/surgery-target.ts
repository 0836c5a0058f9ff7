import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ConflictError } from '../../shared/errors.js';
import { weightsFolderOf } from '../library/paths.js';
import { findWeightSet } from '../library/repositories/weight-sets.js';

// Kept apart from the surgery itself so that the services, which only check a name before starting
// the job in a worker, never load TensorFlow.js or HDF5.

/** Where the app writes an edited set called `name`: `<library>.weights/<name>.h5`. */
export function surgeryOutFile(libraryPath: string, name: string): string {
  return path.join(weightsFolderOf(libraryPath), `${name}.h5`);
}

/** Refuses a name (or its file) already taken: an edited set never overwrites another or an earlier result. */
export function assertSurgeryTargetFree(db: Database, name: string, out: string): void {
  if (findWeightSet(db, name) || fs.existsSync(out)) throw new ConflictError(`"${name}" is taken (${out}): choose another name.`);
}
