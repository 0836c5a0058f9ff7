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

/** The last good checkpoint of a run, or why none loads (one line per file tried). */
export type CheckpointSearch = { checkpoint: HeadCheckpoint; problems: string[] } | { checkpoint: null; problems: string[] };

/** Tries the run's newest checkpoint file, then the one kept before it, saying what is wrong with each that fails. */
export async function findCheckpoint(file: string): Promise<CheckpointSearch> {
  const problems: string[] = [];
  for (const candidate of [file, `${file}.prev`]) {
    if (!fs.existsSync(candidate)) {
      problems.push(`${candidate} does not exist`);
      continue;
    }
    try {
      return { checkpoint: await loadCheckpointFile(candidate), problems };
    } catch (error) {
      // A crash mid-write cannot damage the newest file (it is renamed into place), a disk fault can: try the older one.
      problems.push((error as Error).message);
    }
  }
  return { checkpoint: null, problems };
}

/** The last good checkpoint of a run: its newest file, else the one kept before it; null when none loads. */
export async function latestCheckpoint(file: string): Promise<HeadCheckpoint | null> {
  return (await findCheckpoint(file)).checkpoint;
}
