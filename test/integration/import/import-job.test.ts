import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectInMemory } from '../../../main/rpc/in-memory.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import type { JobProgress } from '../../../shared/api/app.js';
import { NotFoundError, ValidationError } from '../../../shared/errors.js';
import { writeHandSeason } from '../../helpers/season.js';
import { tempDir } from '../../helpers/temp.js';

describe('an import started through the API, as the Import view does', () => {
  let room: FilmRoom | undefined;
  afterEach(async () => {
    await room?.close();
    room = undefined;
  });

  async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('runs in the background, streams progress, and reports its outcome', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 4 });
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser' });
    room.db.prepare("UPDATE settings SET value = '16' WHERE key = 'frame_size'").run();
    const { api } = connectInMemory(room.dispatcher);
    const progress: JobProgress[] = [];
    const changes: string[] = [];
    api.app.onDidProgress((p) => progress.push(p));
    api.library.onDidChange((c) => changes.push(c.kind));

    const started = await api.jobs.startImport({ path: season.dir });
    expect(started.state).toBe('running');
    // What was asked travels with the job, so a view that comes back to it can show it and run it again.
    expect(started.request).toEqual({ path: season.dir });
    // The call returned before the work was done: the event loop (and so the UI) is free meanwhile.
    expect(started.result).toBeNull();

    await waitFor(async () => (await api.jobs.get({ jobId: started.jobId })).state !== 'running');
    const finished = await api.jobs.get({ jobId: started.jobId });
    expect(finished.state).toBe('finished');
    expect(finished.result).toMatchObject({ gamesAdded: 1, playsAdded: 4, clipsAdded: 4, errors: [] });
    expect(progress.at(-1)).toMatchObject({ jobId: started.jobId, state: 'finished', done: 5, total: 5 });
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b)); // progress never goes backwards
    expect(changes).toContain('games');
    expect((await api.jobs.list({})).map((j) => j.jobId)).toEqual([started.jobId]);
  });

  it('an import that could import nothing because of its problems ends as failed, problems kept for the view', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 2 });
    // Every row names a play type the taxonomy does not know: nothing can be imported.
    const csv = path.join(season.dir, 'annotations.csv');
    const [header, ...rows] = fs.readFileSync(csv, 'utf8').trim().split('\n');
    fs.writeFileSync(csv, [header, ...rows.map((row) => row.split(',').map((cell, i) => (i === 4 ? 'Alley-oop' : cell)).join(','))].join('\n') + '\n');
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser' });
    const { api } = connectInMemory(room.dispatcher);
    const progress: JobProgress[] = [];
    api.app.onDidProgress((p) => progress.push(p));
    const started = await api.jobs.startImport({ path: season.dir });
    await waitFor(async () => (await api.jobs.get({ jobId: started.jobId })).state !== 'running');
    const job = await api.jobs.get({ jobId: started.jobId });
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/nothing could be imported/i);
    expect(job.kind === 'import' && job.result ? job.result.errors.length : 0).toBeGreaterThan(0);
    expect(job.result).toMatchObject({ playsAdded: 0, playsSkipped: 0 });
    expect(progress.at(-1)).toMatchObject({ state: 'failed' });
  });

  it('refuses an empty path and an unknown job with clear errors', async () => {
    room = openFilmRoom({ libraryPath: ':memory:', frontDoor: 'browser' });
    const { api } = connectInMemory(room.dispatcher);
    await expect(api.jobs.startImport({ path: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(api.jobs.startImport({ path: '' })).rejects.toThrow(/choose a season folder or file to import/);
    await expect(api.jobs.get({ jobId: 'import-99' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('a feature extraction started through the API', () => {
  it('runs in a worker process, streams progress, stores the features, and can be cancelled and resumed', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 3 });
    const room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'browser' });
    try {
      room.db.prepare("UPDATE settings SET value = '32' WHERE key = 'frame_size'").run();
      const { api } = connectInMemory(room.dispatcher);
      const imported = await api.jobs.startImport({ path: season.dir });
      await until(async () => (await api.jobs.get({ jobId: imported.jobId })).state !== 'running');

      const progress: JobProgress[] = [];
      api.app.onDidProgress((p) => progress.push(p));
      const job = await api.jobs.startExtraction({ weights: 'random', cut: 'block2_pool', pooling: 'avg' });
      expect(job).toMatchObject({ kind: 'extract', state: 'running' });
      await until(async () => (await api.jobs.get({ jobId: job.jobId })).state !== 'running');
      const done = await api.jobs.get({ jobId: job.jobId });
      expect(done.error).toBeNull();
      if (done.kind !== 'extract') throw new Error(`an extraction came back as a ${done.kind} job`);
      expect(done.result).toMatchObject({ computed: 3, cached: 0, dim: 128, errors: [] });
      // The feature set's id is a field of the job and of its progress, never read out of a string.
      expect(done.featureSetId).toBe(done.result!.featureSetId);
      expect(progress.at(-1)).toMatchObject({ jobId: job.jobId, kind: 'extract', featureSetId: done.featureSetId, state: 'finished' });
      expect(progress.some((p) => p.jobId === job.jobId && p.total === 3 && p.done === 3)).toBe(true);
      expect((room.db.prepare('SELECT count(*) AS n FROM features').get() as { n: number }).n).toBe(3);

      // A cancelled extraction keeps the clips it finished; the next run computes only the rest.
      const second = await api.jobs.startExtraction({ weights: 'random', cut: 'block2_pool', pooling: 'max' });
      await until(async () => progress.some((p) => p.jobId === second.jobId && p.done >= 1));
      const cancelled = await api.jobs.cancel({ jobId: second.jobId });
      expect(['cancelled', 'finished']).toContain(cancelled.state);
      const third = await api.jobs.startExtraction({ weights: 'random', cut: 'block2_pool', pooling: 'max' });
      await until(async () => (await api.jobs.get({ jobId: third.jobId })).state !== 'running');
      const thirdDone = await api.jobs.get({ jobId: third.jobId });
      if (thirdDone.kind !== 'extract') throw new Error(`an extraction came back as a ${thirdDone.kind} job`);
      const resumed = thirdDone.result!;
      expect(resumed.cached + resumed.computed).toBe(3);
      expect(resumed.cached).toBeGreaterThanOrEqual(1);
    } finally {
      await room.close();
    }
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
