/**
 * Write-then-rename: a reader never sees a half-written file (weights, reports), and a crash leaves at most a
 * stray temp file beside the target (named `.<name>.<pid>.<random>.tmp`), never a broken target.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from './private-files.js';

/** A temp path in the target's folder (same file system, so the rename is atomic). */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Runs `write(tempPath)`, flushes the temp file to disk and renames it over `target`. On any
 * failure the temp file is removed and the error rethrown; `target` is untouched.
 */
export async function replaceAtomically(target: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_FOLDER_MODE });
  const temp = tempPathFor(target);
  try {
    await write(temp);
    const handle = await fs.promises.open(temp, 'r+');
    try {
      // Private whatever mode the writer used: the rename keeps the temp file's mode.
      await handle.chmod(PRIVATE_FILE_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, target);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}
