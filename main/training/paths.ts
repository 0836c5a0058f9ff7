/** Where a library's training checkpoints live: beside it, as its clips and weights do. */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { loadCheckpointFile, type HeadCheckpoint } from '../ml/head/checkpoint.js';

export function runsFolder(db: Database): string {
  const parsed = path.parse(path.resolve(db.name));
  return path.join(parsed.dir, `${parsed.name}.runs`);
}

export function checkpointFile(db: Database, runId: number): string {
  return path.join(runsFolder(db), `run-${runId}.ckpt`);
}

/** The last good checkpoint of a run: its newest file, else the one kept before it; null when none loads. */
export async function latestCheckpoint(file: string): Promise<HeadCheckpoint | null> {
  for (const candidate of [file, `${file}.prev`]) {
    if (!fs.existsSync(candidate)) continue;
    try {
      return await loadCheckpointFile(candidate);
    } catch {
      // A crash mid-write cannot damage the newest file (it is renamed into place), a disk fault can: try the older one.
    }
  }
  return null;
}
