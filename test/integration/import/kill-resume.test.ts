import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/library/database.js';
import { writeSetting } from '../../../main/library/repositories/settings.js';
import { spawnFilmroom } from '../../helpers/run-cli.js';
import { writeHandSeason } from '../../helpers/season.js';
import { tempDir } from '../../helpers/temp.js';

function clipFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mp4'));
}

describe('filmroom import survives kill -9', () => {
  it('shows no half-imported game after a kill, and completes on the next run', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 10, seconds: 20 });
    const library = path.join(dir, 'library.db');
    const setup = openLibrary(library);
    writeSetting(setup, 'frame_size', 32);
    setup.close();

    const first = spawnFilmroom(['import', season.dir, '--library', library, '--json']);
    const clips = path.join(dir, 'library.clips');
    const deadline = Date.now() + 30_000;
    while (clipFiles(clips).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.kill('SIGKILL');
    const killed = await first.output;
    expect(killed.signal).toBe('SIGKILL');

    const check = openLibrary(library, { readonly: true });
    const visible = check.prepare("SELECT count(*) AS n FROM games WHERE status = 'ready'").get() as { n: number };
    const clipRows = check.prepare('SELECT count(*) AS n FROM clips').get() as { n: number };
    check.close();
    expect(visible.n).toBe(0);
    expect(clipRows.n).toBeLessThan(10);

    const second = await spawnFilmroom(['import', season.dir, '--library', library, '--json']).output;
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ games_added: 1, plays_added: 10, errors: [] });

    const third = await spawnFilmroom(['import', season.dir, '--library', library, '--json']).output;
    expect(JSON.parse(third.stdout)).toMatchObject({ games_added: 0, games_already_present: 1, plays_added: 0, plays_skipped: 10 });

    const done = openLibrary(library, { readonly: true });
    expect((done.prepare('SELECT count(*) AS n FROM clips').get() as { n: number }).n).toBe(10);
    done.close();
    // Every clip row points at a whole file; partial files from the killed run are not in the library.
    expect(clipFiles(clips).length).toBeGreaterThanOrEqual(10);
  });
});
