import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importSeason } from '../../../main/import/import-season.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { writeHandSeason } from '../../helpers/season.js';
import { tempDir } from '../../helpers/temp.js';

describe('importing a season of real video', () => {
  let room: FilmRoom | undefined;
  afterEach(async () => {
    await room?.close();
    room = undefined;
  });

  function open(dir: string) {
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'cli' });
    room.db.prepare("UPDATE settings SET value = '16' WHERE key = 'frame_size'").run();
    return { room, cache: ClipCache.besideLibrary(room.db.name) };
  }

  it('adds games, plays and 40-frame clips, then adds nothing on a second run', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, '2025-26'), { games: 2, playsPerGame: 3 });
    const { room, cache } = open(dir);

    const first = await importSeason(room.db, { target: season.dir, clipCache: cache });
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ gamesAdded: 2, playsAdded: 6, playsSkipped: 0, clipsAdded: 6 });
    const games = await room.api.library.listGames({});
    expect(games.map((g) => [g.name, g.seasonName, g.playCount])).toEqual([
      ['Hawks @ Owls 1', '2025-26', 3],
      ['Hawks @ Owls 2', '2025-26', 3],
    ]);
    expect(games[0]!.homeTeam?.name).toBe('Owls 1');
    const clips = room.db.prepare('SELECT path, frames, size, sha256 FROM clips').all() as { path: string; frames: number; size: number }[];
    expect(clips).toHaveLength(6);
    for (const clip of clips) {
      expect([clip.frames, clip.size]).toEqual([40, 16]);
      expect(cache.read(clip.path).length).toBe(40 * 16 * 16 * 3);
    }
    // The hand season's spellings ("P&R Ball Handler", "Post-Up"…) arrive as the taxonomy's ids.
    const counts = Object.fromEntries((await room.api.library.playTypeCounts({})).filter((c) => c.count > 0).map((c) => [c.playType, c.count]));
    expect(counts).toEqual({ PRBallHandler: 1, Postup: 2, Spotup: 2, Cut: 1 });

    const second = await importSeason(room.db, { target: season.dir, clipCache: cache });
    expect(second).toMatchObject({ gamesAdded: 0, gamesAlreadyPresent: 2, playsAdded: 0, playsSkipped: 6, clipsAdded: 0, errors: [] });
    expect((await room.api.library.info({})).counts).toMatchObject({ games: 2, plays: 6, clips: 6 });
  });

  it('reports each bad row and bad video with file and line, and imports the rest', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 2 });
    const csv = path.join(season.dir, 'annotations.csv');
    fs.appendFileSync(csv, [
      'Hawks @ Owls 1,game-1.mp4,5,4,Cut,Hawks,1', // line 4: end before start
      'Hawks @ Owls 1,game-1.mp4,1,2,Alley-oop,Hawks,1', // line 5: unknown play type
      'Hawks @ Owls 1,game-1.mp4,11,30,Cut,Hawks,1', // line 6: past the video's end
      'Broken,broken.mp4,1,3,Cut,Hawks,1', // line 7: its video is corrupt
      'Missing,missing.mp4,1,3,Cut,Hawks,1', // line 8: no such video
    ].join('\n') + '\n');
    fs.writeFileSync(path.join(season.dir, 'broken.mp4'), Buffer.alloc(4096, 1));
    const { room, cache } = open(dir);

    const report = await importSeason(room.db, { target: season.dir, clipCache: cache });
    expect(report).toMatchObject({ gamesAdded: 1, playsAdded: 2 });
    const byLine = new Map(report.errors.map((e) => [`${path.basename(e.file)}:${e.line}`, e.reason]));
    expect(byLine.get('annotations.csv:4')).toMatch(/end/);
    expect(byLine.get('annotations.csv:5')).toMatch(/unknown play type "Alley-oop"/);
    expect(byLine.get('annotations.csv:6')).toMatch(/past the end of its video/);
    expect(byLine.get('annotations.csv:8')).toMatch(/no video "missing.mp4"/);
    expect(byLine.get('broken.mp4:null')).toMatch(/unreadable video.*1 plays were not imported/);
    expect(report.errors).toHaveLength(5);
    expect((await room.api.library.info({})).counts).toMatchObject({ games: 1, plays: 2 });
  });

  it('reports a folder that does not exist', async () => {
    const dir = tempDir();
    const { room, cache } = open(dir);
    const report = await importSeason(room.db, { target: path.join(dir, 'nowhere'), clipCache: cache });
    expect(report.errors).toEqual([{ file: path.join(dir, 'nowhere'), line: null, reason: 'cannot read it: no such file or folder' }]);
  });

  it('can be cancelled, leaves no half-imported game visible, and finishes when run again', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 6 });
    const { room, cache } = open(dir);
    const controller = new AbortController();
    const cancelled = importSeason(room.db, {
      target: season.dir,
      clipCache: cache,
      concurrency: 1,
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done >= 2) controller.abort();
      },
    });
    await expect(cancelled).rejects.toThrow(/cancelled/);
    expect((await room.api.library.info({})).counts.games).toBe(0);
    expect((room.db.prepare("SELECT count(*) AS n FROM games WHERE status = 'importing'").get() as { n: number }).n).toBe(1);

    const resumed = await importSeason(room.db, { target: season.dir, clipCache: cache });
    expect(resumed).toMatchObject({ gamesAdded: 1, playsAdded: 6, errors: [] });
    expect((await room.api.library.info({})).counts).toMatchObject({ games: 1, plays: 6, clips: 6 });
  });
});
