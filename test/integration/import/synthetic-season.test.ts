import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importSeason } from '../../../main/import/import-season.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { synthesizeSeason } from '../../../main/synth/index.js';
import { tempDir } from '../../helpers/temp.js';

describe('importing a synthetic season, through each annotation format', () => {
  let room: FilmRoom | undefined;
  afterEach(async () => {
    await room?.close();
    room = undefined;
  });

  async function setup() {
    const dir = tempDir();
    const season = await synthesizeSeason({ outDir: path.join(dir, 'season'), games: 2, playsPerGame: 3, seed: 5, width: 160 });
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'cli' });
    room.db.prepare("UPDATE settings SET value = '16' WHERE key = 'frame_size'").run();
    return { dir, season, room, cache: ClipCache.besideLibrary(room.db.name) };
  }

  it('imports the folder once (CSV preferred, JSON and XML set aside) with every play type as written', async () => {
    const { dir, season, room, cache } = await setup();
    const report = await importSeason(room.db, { target: path.join(dir, 'season'), clipCache: cache });
    expect(report).toMatchObject({ gamesAdded: 2, playsAdded: 6, clipsAdded: 6, errors: [] });
    expect(report.annotationsSetAside.map((f) => path.basename(f)).sort()).toEqual(['annotations.json', 'game-001.xml', 'game-002.xml']);
    const stored = (await room.api.library.listPlays({})).plays.map((p) => [p.startS, p.playType]);
    const written = [...season.records].sort((a, b) => a.game.localeCompare(b.game) || a.startS - b.startS).map((r) => [r.startS, r.playType]);
    expect(stored).toEqual(written);
    expect((await room.api.library.listGames({}))[0]!.homeTeam).not.toBeNull();
  });

  it('imports one game from its Sportscode edit list alone, skipping and counting the non-play codes', async () => {
    const { dir, season, room, cache } = await setup();
    fs.rmSync(path.join(dir, 'season', 'annotations.csv'));
    fs.rmSync(path.join(dir, 'season', 'annotations.json'));
    const report = await importSeason(room.db, { target: path.join(dir, 'season', 'game-001.xml'), clipCache: cache });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ gamesAdded: 1, playsAdded: 3 });
    expect(report.skippedCodes).toEqual(expect.arrayContaining([{ code: 'Team', count: 3 }, { code: 'Possession', count: 3 }]));
    const plays = (await room.api.library.listPlays({})).plays;
    const firstGame = season.records.filter((r) => r.video === 'game-001.mp4');
    expect(plays.map((p) => p.playType)).toEqual(firstGame.map((r) => r.playType));
    expect(plays[0]!.tags.some((t) => t.startsWith('Team:'))).toBe(true);
  });
});
