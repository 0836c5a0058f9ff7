/**
 * Jobs in real forked workers (the built dist/main/worker.js: run `npm run build` first), through
 * the services as the UI starts them: typed progress, results, cancel, and a worker killed with
 * SIGKILL, which fails its job with the reason.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerRunner } from '../../../main/jobs/run-in-worker.js';
import { forkWorker, nodeForkOptions, workerEntryPath } from '../../../main/jobs/worker-launch.js';
import type { LaunchWorker, WorkerProcess } from '../../../main/jobs/worker-process.js';
import { openLibrary } from '../../../main/library/index.js';
import { getRun, listEpochs } from '../../../main/library/repositories/training-runs.js';
import { AppServiceImpl } from '../../../main/services/app-service.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { LibraryServiceImpl } from '../../../main/services/library-service.js';
import { TrainingServiceImpl } from '../../../main/services/training-service.js';
import type { JobProgress } from '../../../shared/api/app.js';
import type { TrainingEpochEvent } from '../../../shared/api/training.js';
import { seedFeatureLibrary } from '../../helpers/feature-library.js';
import { writeHandSeason } from '../../helpers/season.js';
import { tempDir } from '../../helpers/temp.js';

/** Node's launcher, keeping each worker so a test can kill it from outside. */
function recordingLauncher(): { launch: LaunchWorker; workers: WorkerProcess[] } {
  const workers: WorkerProcess[] = [];
  return {
    workers,
    launch: (entry, options) => {
      const worker = forkWorker(entry, options);
      workers.push(worker);
      return worker;
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let room: FilmRoom | undefined;
afterEach(async () => {
  await room?.close();
  room = undefined;
});

describe('an import in a worker', () => {
  it('killed with SIGKILL, fails with the reason; run again, it finishes what was left, adding nothing twice', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 3, playsPerGame: 4 });
    const { launch, workers } = recordingLauncher();
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser', launchWorker: launch });
    room.db.prepare("UPDATE settings SET value = '16' WHERE key = 'frame_size'").run();
    const progress: JobProgress[] = [];
    // Killed from the first progress message on, while the first game is being imported.
    room.api.app.onDidProgress((p) => {
      progress.push(p);
      if (p.kind === 'import' && p.state === 'running' && p.total > 0 && workers.length === 1) process.kill(workers[0]!.pid!, 'SIGKILL');
    });

    const job = await room.api.jobs.startImport({ path: season.dir });
    expect(workers).toHaveLength(1);
    await until(async () => (await room!.api.jobs.get({ jobId: job.jobId })).state !== 'running');
    const killed = await room.api.jobs.get({ jobId: job.jobId });
    expect(killed).toMatchObject({ kind: 'import', state: 'failed', error: 'The worker stopped unexpectedly (killed by SIGKILL).', result: null });
    expect(progress.at(-1)).toMatchObject({ jobId: job.jobId, kind: 'import', state: 'failed', message: 'The worker stopped unexpectedly (killed by SIGKILL).' });

    const again = await room.api.jobs.startImport({ path: season.dir });
    await until(async () => (await room!.api.jobs.get({ jobId: again.jobId })).state !== 'running');
    const finished = await room.api.jobs.get({ jobId: again.jobId });
    if (finished.kind !== 'import') throw new Error(`an import came back as a ${finished.kind} job`);
    expect(finished.state).toBe('finished');
    expect(finished.result!.errors).toEqual([]);
    expect(finished.result!.gamesAdded + finished.result!.gamesAlreadyPresent).toBe(3);
    const count = (sql: string) => (room!.db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM games')).toBe(3);
    expect(count('SELECT count(*) AS n FROM plays')).toBe(12);
  });
});

describe('an import cancelled in its worker', () => {
  it('stops at a safe point, keeps the games it finished, and the same import run again completes it', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 3, playsPerGame: 4 });
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser' });
    room.db.prepare("UPDATE settings SET value = '16' WHERE key = 'frame_size'").run();
    let cancelling: Promise<unknown> | undefined;
    room.api.app.onDidProgress((p) => {
      if (!cancelling && p.kind === 'import' && p.state === 'running' && p.total > 0) cancelling = room!.api.jobs.cancel({ jobId: p.jobId });
    });
    const job = await room.api.jobs.startImport({ path: season.dir });
    await until(() => cancelling !== undefined);
    const cancelled = await cancelling!;
    expect(cancelled).toMatchObject({ jobId: job.jobId, kind: 'import', state: 'cancelled' });
    const gamesAfterCancel = (room.db.prepare('SELECT count(*) AS n FROM games').get() as { n: number }).n;
    expect(gamesAfterCancel).toBeLessThan(3);

    const again = await room.api.jobs.startImport({ path: season.dir });
    await until(async () => (await room!.api.jobs.get({ jobId: again.jobId })).state !== 'running');
    expect(await room.api.jobs.get({ jobId: again.jobId })).toMatchObject({ state: 'finished', result: { errors: [] } });
    expect((room.db.prepare('SELECT count(*) AS n FROM plays').get() as { n: number }).n).toBe(12);
  });
});

describe('an extraction in a worker', () => {
  it('killed with SIGKILL, fails with the reason and keeps the clips it finished', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 4 });
    const { launch, workers } = recordingLauncher();
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser', launchWorker: launch });
    room.db.prepare("UPDATE settings SET value = '32' WHERE key = 'frame_size'").run();
    const imported = await room.api.jobs.startImport({ path: season.dir });
    await until(async () => (await room!.api.jobs.get({ jobId: imported.jobId })).state !== 'running');

    let killed = false;
    // Killed as soon as the first clip's features are stored.
    room.api.app.onDidProgress((p) => {
      if (!killed && p.kind === 'extract' && p.state === 'running' && p.done >= 1 && p.total === 4) {
        killed = true;
        process.kill(workers.at(-1)!.pid!, 'SIGKILL');
      }
    });
    const job = await room.api.jobs.startExtraction({ weights: 'random', cut: 'block2_pool', pooling: 'avg' });
    expect(job).toMatchObject({ kind: 'extract', featureSetId: null, result: null });
    await until(async () => (await room!.api.jobs.get({ jobId: job.jobId })).state !== 'running');
    expect(await room.api.jobs.get({ jobId: job.jobId })).toMatchObject({ state: 'failed', error: 'The worker stopped unexpectedly (killed by SIGKILL).', featureSetId: null });
    const kept = (room.db.prepare('SELECT count(*) AS n FROM features').get() as { n: number }).n;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(4);
  });
});

describe('a training run in a worker', () => {
  async function trainingRoom(dir: string, launch?: LaunchWorker) {
    const libraryPath = path.join(dir, 'library.filmroom.db');
    const db = openLibrary(libraryPath);
    const { spec } = await seedFeatureLibrary(db, { games: 4, playsPerGame: 12, types: 4, dim: 64, frames: 8 });
    db.close();
    room = openFilmRoom({ libraryPath, frontDoor: 'browser', ...(launch ? { launchWorker: launch } : {}) });
    const progress: JobProgress[] = [];
    const epochs: TrainingEpochEvent[] = [];
    room.api.app.onDidProgress((p) => progress.push(p));
    room.api.training.onDidEpoch((e) => epochs.push(e));
    return { room, spec, progress, epochs };
  }

  it('streams typed progress (kind train, its runId) and ends finished with its epochs stored', async () => {
    const { room, spec, progress, epochs } = await trainingRoom(tempDir());
    const run = await room.api.training.start({ spec: spec({ epochs: 3, batchSize: 4, earlyStopping: { patience: 20 } }) });
    await until(() => progress.some((p) => p.kind === 'train' && p.runId === run.id && p.state !== 'running'));
    const mine = progress.filter((p) => p.kind === 'train' && p.runId === run.id);
    expect(mine.at(-1)!.state).toBe('finished');
    expect(mine.some((p) => p.state === 'running' && p.total > 0 && /epoch/.test(p.label))).toBe(true);
    const done = await room.api.training.getRun({ runId: run.id });
    expect(done.status).toBe('finished');
    expect(done.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochs.filter((e) => e.runId === run.id).map((e) => e.epoch.epoch)).toEqual([1, 2, 3]);
  });

  it('killed with SIGKILL, the run fails with the reason, keeps its checkpoint, and resumes to the end', async () => {
    const { launch, workers } = recordingLauncher();
    const { room, spec, progress } = await trainingRoom(tempDir(), launch);
    const run = await room.api.training.start({ spec: spec({ epochs: 6, batchSize: 4, earlyStopping: { patience: 20 } }) });
    await until(() => listEpochs(room.db, run.id).length >= 2);
    process.kill(workers.at(-1)!.pid!, 'SIGKILL');
    await until(() => progress.some((p) => p.kind === 'train' && p.runId === run.id && p.state !== 'running'));
    const reason = 'The worker stopped unexpectedly (killed by SIGKILL).';
    expect(progress.at(-1)).toMatchObject({ kind: 'train', runId: run.id, state: 'failed', message: reason });
    expect(getRun(room.db, run.id)).toMatchObject({ status: 'failed', error: reason });

    await room.api.training.resume({ runId: run.id });
    await until(() => getRun(room.db, run.id).status === 'finished', 120_000);
    expect(listEpochs(room.db, run.id).map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('a stop the worker never reaches ends the run as cancelled, resumable, once its grace is over', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'library.filmroom.db'));
    const { spec } = await seedFeatureLibrary(db, { games: 4, playsPerGame: 4, types: 4, dim: 16, frames: 4 });
    // A worker stuck in one computation: it reports once, then never reads its messages again.
    const entry = path.join(dir, 'stuck-worker.mjs');
    fs.writeFileSync(entry, "process.on('message', (m) => { if (m.type === 'start') process.send({ type: 'progress', done: 0, total: 3, label: 'epoch 1' }, () => { for (;;) {} }); });\n");
    const app = new AppServiceImpl('browser', db.name);
    const training = new TrainingServiceImpl(db, app, new LibraryServiceImpl(db), new WorkerRunner({ libraryPath: db.name, entryPath: entry, cancelGraceMs: 500 }));
    const progress: JobProgress[] = [];
    const reported = new Promise<void>((resolve) => app.onDidProgress((p) => (progress.push(p), p.total > 0 && resolve())));
    const run = await training.start({ spec: spec({ epochs: 3 }) });
    await reported;
    const stopped = await training.stop({ runId: run.id });
    expect(stopped).toMatchObject({ status: 'cancelled', error: `Run ${run.id} stopped; \`filmroom train --resume ${run.id}\` continues it from its last checkpoint.` });
    expect(progress.at(-1)).toMatchObject({ kind: 'train', runId: run.id, state: 'cancelled' });
    await training.dispose();
    db.close();
  });
});

describe('the worker entry itself', () => {
  it('answers a malformed start with a WorkerProtocolError naming the field, then exits', async () => {
    const child = fork(workerEntryPath(), [], nodeForkOptions(process.env));
    const answers: unknown[] = [];
    child.on('message', (m) => answers.push(m));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.send({ type: 'start', libraryPath: '/nowhere.db', job: { kind: 'extract', request: { weights: 'random', cut: 'block2_pool', pooling: 'median' } } });
    expect(await exited).toBe(1);
    expect(answers).toEqual([{ type: 'error', error: { name: 'WorkerProtocolError', message: expect.stringMatching(/^The worker received a malformed message: job\.request\.pooling: /) } }]);
  });
});
