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

  it('refuses an empty path and an unknown job with clear errors', async () => {
    room = openFilmRoom({ libraryPath: ':memory:', frontDoor: 'browser' });
    const { api } = connectInMemory(room.dispatcher);
    await expect(api.jobs.startImport({ path: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(api.jobs.startImport({ path: '' })).rejects.toThrow(/choose a season folder or file to import/);
    await expect(api.jobs.get({ jobId: 'import-99' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
