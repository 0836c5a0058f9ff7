import { openLibrary, type Database } from '../library/index.js';

/** Progress of long work, in the units the work counts (games, clips, batches). */
export interface JobProgressUpdate {
  done: number;
  total: number;
  label: string;
}

/**
 * What an application function may use besides its input: the user's stop, a place to report
 * progress, and one for human-readable lines (the CLI prints them; a worker drops them).
 */
export interface JobContext {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: JobProgressUpdate) => void) | undefined;
  readonly say?: ((line: string) => void) | undefined;
  /** A piece of the answer ready before the whole (a worker sends it to the services at once). */
  readonly onPartial?: ((value: unknown) => void) | undefined;
}

/** Opens the library at `libraryPath` for one piece of work and closes it afterwards, whatever happens. */
export async function withLibrary<T>(libraryPath: string, use: (db: Database) => Promise<T>): Promise<T> {
  const db = openLibrary(libraryPath);
  try {
    return await use(db);
  } finally {
    db.close();
  }
}
