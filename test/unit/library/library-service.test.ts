import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/library/database.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

describe('the library service', () => {
  let room: FilmRoom;
  afterEach(() => room.close());

  function seeded() {
    room = openFilmRoom({ libraryPath: ':memory:', frontDoor: 'cli' });
    const { db } = room;
    const g1 = seedGame(db, { season: '2025-26', name: 'BOS @ NYK', date: '2025-11-02' });
    const g2 = seedGame(db, { season: '2025-26', name: 'LAL @ GSW', date: '2025-10-30' });
    const g3 = seedGame(db, { season: '2024-25', name: 'MIA @ CHI' });
    const hidden = seedGame(db, { season: '2025-26', name: 'still importing', status: 'importing' });
    seedPlay(db, g1, 30, 'Transition');
    seedPlay(db, g1, 10, 'Cut');
    seedPlay(db, g1, 50, 'Cut');
    seedPlay(db, g2, 5, 'Postup');
    seedPlay(db, g3, 5, 'Misc');
    seedPlay(db, hidden, 5, 'Cut');
    return { g1, g2, g3 };
  }

  it('counts seasons, games and plays, leaving out a game whose import has not finished', async () => {
    seeded();
    const seasons = await room.api.library.listSeasons({});
    expect(seasons.map((s) => [s.name, s.gameCount, s.playCount])).toEqual([
      ['2024-25', 1, 1],
      ['2025-26', 2, 4],
    ]);
    const info = await room.api.library.info({});
    expect(info.counts).toMatchObject({ seasons: 2, games: 3, plays: 5, teams: 2 });
  });

  it('lists a season’s games by date, each with its play count and teams', async () => {
    seeded();
    const [season] = (await room.api.library.listSeasons({})).filter((s) => s.name === '2025-26');
    const games = await room.api.library.listGames({ seasonId: season!.id });
    expect(games.map((g) => [g.name, g.playCount])).toEqual([
      ['LAL @ GSW', 1],
      ['BOS @ NYK', 3],
    ]);
    expect(games[0]!.homeTeam?.name).toBe('Home');
  });

  it('lists a game’s plays in film order, pages them, and filters by play type', async () => {
    const { g1 } = seeded();
    const page = await room.api.library.listPlays({ gameId: g1 });
    expect(page.total).toBe(3);
    expect(page.plays.map((p) => [p.startS, p.playType, p.labelSource])).toEqual([
      [10, 'Cut', 'imported'],
      [30, 'Transition', 'imported'],
      [50, 'Cut', 'imported'],
    ]);
    const second = await room.api.library.listPlays({ gameId: g1, limit: 1, offset: 1 });
    expect(second.plays.map((p) => p.startS)).toEqual([30]);
    expect(second.total).toBe(3);
    const cuts = await room.api.library.listPlays({ playType: 'Cut' });
    expect(cuts.plays.map((p) => p.startS)).toEqual([10, 50]);
  });

  it('counts plays per type over the whole taxonomy, in its order, zeros included', async () => {
    const { g1 } = seeded();
    const all = await room.api.library.playTypeCounts({});
    expect(all).toHaveLength(11);
    expect(Object.fromEntries(all.map((c) => [c.playType, c.count]))).toEqual({
      Transition: 1, Isolation: 0, PRBallHandler: 0, PRRollman: 0, Postup: 1, Spotup: 0,
      Handoff: 0, Cut: 2, OffScreen: 0, OffRebound: 0, Misc: 1,
    });
    const game = await room.api.library.playTypeCounts({ gameId: g1 });
    expect(game.filter((c) => c.count > 0)).toEqual([
      { playType: 'Transition', count: 1 },
      { playType: 'Cut', count: 2 },
    ]);
  });

  it('tells listeners when the library changed', () => {
    room = openFilmRoom({ libraryPath: ':memory:', frontDoor: 'cli' });
    const seen: string[] = [];
    const subscription = room.api.library.onDidChange((change) => seen.push(change.kind));
    room.api.library.notifyChanged({ kind: 'plays' });
    subscription.dispose();
    room.api.library.notifyChanged({ kind: 'games' });
    expect(seen).toEqual(['plays']);
  });
});

describe('changes made by another process', () => {
  it('are noticed through SQLite’s data_version and announced as onDidChange', async () => {
    const file = path.join(tempDir(), 'shared.db');
    const room = openFilmRoom({ libraryPath: file, frontDoor: 'browser' });
    try {
      const seen: string[] = [];
      room.api.library.onDidChange((change) => seen.push(change.kind));
      room.api.library.watchExternalChanges(20);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(seen).toEqual([]);
      const other = openLibrary(file);
      seedGame(other, { season: 'elsewhere' });
      other.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toEqual(['games']);
    } finally {
      await room.close();
    }
  });
});
