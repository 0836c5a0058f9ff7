import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/library/index.js';
import { createRun, getRun, listEpochs } from '../../../main/library/repositories/training-runs.js';
import { AppServiceImpl } from '../../../main/services/app-service.js';
import { LibraryServiceImpl } from '../../../main/services/library-service.js';
import { TrainingServiceImpl } from '../../../main/services/training-service.js';
import type { JobProgress, TrainingEpochEvent } from '../../../shared/api/index.js';
import { seedFeatureLibrary } from '../../helpers/feature-library.js';
import { spawnFilmroom } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp.js';

/** Resolves once stderr shows a finished epoch `n` (the command prints one line per epoch). */
function epochSeen(child: ReturnType<typeof spawnFilmroom>, n: number): Promise<void> {
  return new Promise((resolve) => {
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (new RegExp(`^epoch +${n} `, 'm').test(text)) resolve();
    });
  });
}

describe('filmroom train survives kill -9', () => {
  it('resumes from the last checkpoint, losing at most one epoch, and finishes with every epoch stored once', async () => {
    const dir = tempDir();
    const libraryPath = path.join(dir, 'library.filmroom.db');
    const db = openLibrary(libraryPath);
    const { spec } = await seedFeatureLibrary(db, { games: 4, playsPerGame: 12, types: 4, dim: 64, frames: 8 });
    const run = createRun(db, 'kill test', spec({ epochs: 8, batchSize: 4, earlyStopping: { patience: 20 } }));
    db.close();

    const first = spawnFilmroom(['train', '--library', libraryPath, '--resume', String(run.id)]);
    await epochSeen(first, 3);
    first.kill('SIGKILL');
    expect((await first.output).signal).toBe('SIGKILL');

    const during = openLibrary(libraryPath);
    expect(getRun(during, run.id).status).toBe('running'); // nobody could say otherwise
    const kept = listEpochs(during, run.id).length;
    expect(kept).toBeGreaterThanOrEqual(3);
    during.close();

    const second = spawnFilmroom(['train', '--library', libraryPath, '--resume', String(run.id), '--json']);
    const resumed = await second.output;
    expect(resumed.code, resumed.stderr).toBe(0);
    const firstResumed = Number(/^epoch +(\d+) /m.exec(resumed.stderr)![1]);
    // The checkpoint is written after the epoch's row: the resumed run redoes at most the one epoch in between.
    expect(firstResumed).toBeGreaterThanOrEqual(kept);
    expect(firstResumed).toBeLessThanOrEqual(kept + 1);
    const result = JSON.parse(resumed.stdout) as { run: number; status: string; epochs: number; metrics: { accuracy: number } };
    expect(result).toMatchObject({ run: run.id, status: 'finished', epochs: 8 });

    const after = openLibrary(libraryPath);
    expect(listEpochs(after, run.id).map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(getRun(after, run.id).status).toBe('finished');
    after.close();
  });
});

describe('the training service runs training in a worker process', () => {
  it('streams epochs and progress, and stops a run on request, keeping it resumable', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'library.filmroom.db'));
    const { spec } = await seedFeatureLibrary(db, { games: 4, playsPerGame: 12, types: 4, dim: 64, frames: 8 });
    const app = new AppServiceImpl('browser', db.name);
    const training = new TrainingServiceImpl(db, app, new LibraryServiceImpl(db));
    const epochs: TrainingEpochEvent[] = [];
    const progress: JobProgress[] = [];
    app.onDidProgress((p) => progress.push(p));
    const secondEpoch = new Promise<void>((resolve) => training.onDidEpoch((e) => (epochs.push(e), e.epoch.epoch === 2 && resolve())));

    const started = await training.start({ spec: spec({ epochs: 200, batchSize: 4, earlyStopping: { patience: 500 } }) });
    expect(started.status).toBe('queued');
    await expect(training.resume({ runId: started.id })).rejects.toThrow(/already training/);
    await secondEpoch;
    const stopped = await training.stop({ runId: started.id });
    expect(stopped.status).toBe('cancelled');
    expect(stopped.error).toMatch(/--resume/);
    expect(epochs.slice(0, 2).map((e) => [e.runId, e.epoch.epoch])).toEqual([[started.id, 1], [started.id, 2]]);
    expect(progress.some((p) => p.kind === 'train' && p.state === 'running' && p.total > 0 && /epoch/.test(p.label))).toBe(true);
    expect(progress.at(-1)).toMatchObject({ jobId: `train-${started.id}`, state: 'cancelled' });
    await training.dispose();
    db.close();
  });
});
