/**
 * A run whose checkpoints are gone or damaged cannot go on from where it stopped: `train --resume`
 * fails with the reason and keeps the stored epochs, instead of starting again from epoch 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/library/index.js';
import { createRun, getRun, listEpochs } from '../../../main/library/repositories/training-runs.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { checkpointFile } from '../../../main/training/paths.js';
import { trainRun } from '../../../main/training/run-training.js';
import { seedFeatureLibrary } from '../../helpers/feature-library.js';
import { spawnFilmroom } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';

async function stoppedRun() {
  const libraryPath = path.join(tempDir(), 'library.filmroom.db');
  const db = openLibrary(libraryPath);
  const { spec } = await seedFeatureLibrary(db, { games: 4, playsPerGame: 8, types: 4 });
  const run = createRun(db, 'test', spec({ epochs: 6, earlyStopping: { patience: 10 } }));
  const controller = new AbortController();
  await trainRun(db, ClipCache.besideLibrary(db.name), run.id, { signal: controller.signal, onEpoch: (e) => e.epoch === 2 && controller.abort() });
  expect(getRun(db, run.id).status).toBe('cancelled');
  const file = checkpointFile(db, run.id);
  expect(fs.existsSync(file)).toBe(true);
  return { db, libraryPath, runId: run.id, file };
}

describe('a resume that cannot resume', () => {
  it('fails with the reason when the checkpoint files are gone, and keeps the stored epochs', async () => {
    const { db, runId, file } = await stoppedRun();
    fs.rmSync(file);
    fs.rmSync(`${file}.prev`, { force: true });
    await expect(trainRun(db, ClipCache.besideLibrary(db.name), runId)).rejects.toThrow(
      new RegExp(`Run ${runId} cannot resume: it has 2 stored epochs but no checkpoint of it loads \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not exist`),
    );
    expect(listEpochs(db, runId).map((e) => e.epoch)).toEqual([1, 2]);
    expect(getRun(db, runId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/cannot resume/) });
    db.close();
  });

  it('through `filmroom train --resume`: a damaged checkpoint and its older copy are named, exit code 1, nothing restarted', async () => {
    const { db, libraryPath, runId, file } = await stoppedRun();
    db.close();
    // Damage both files: flip a byte in the payload (the CRC catches it), truncate the older one.
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 20]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    fs.writeFileSync(`${file}.prev`, bytes.subarray(0, 100));

    const result = await spawnFilmroom(['train', '--library', libraryPath, '--resume', String(runId), '--json']).output;
    expect(result.code).toBe(1);
    const message = (JSON.parse(result.stdout) as { error: { message: string } }).error.message;
    expect(message).toMatch(/cannot resume/);
    expect(message).toMatch(/CRC-32 does not match/);
    expect(message).toContain(`${file}.prev`);
    expect(result.stderr).not.toMatch(/^epoch +1 /m);

    const after = openLibrary(libraryPath);
    expect(listEpochs(after, runId).map((e) => e.epoch)).toEqual([1, 2]);
    expect(getRun(after, runId).status).toBe('failed');
    after.close();
  });
});
