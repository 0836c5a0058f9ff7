import { describe, expect, it } from 'vitest';
import { describeFilter, playlistFilterOf, type TableFilter } from '../../../renderer/src/lib/playlist-filter.js';
import { PlaylistFilter } from '../../../shared/api/playlists.js';

const table: TableFilter = { place: { seasonId: 2 }, search: '', teamName: null, player: null, period: null, playType: null, labelSource: null, tag: null };
const noModel = { runId: null, predictedType: null, heldOut: false, wrong: false };
const names = { type: (id: string) => (id === 'PRBallHandler' ? 'Pick & Roll: Ball Handler' : id), game: (id: number) => `Game ${id}`, season: (id: number) => `Season ${id}` };

describe("the Library's filter as a saved playlist filter", () => {
  it('keeps every field the table filters by, and the API accepts it', () => {
    const built = playlistFilterOf({ ...table, place: { gameId: 7 }, teamName: 'Suns', player: 'D. Booker', period: 4, playType: 'PRBallHandler', labelSource: 'analyst', tag: 'late' }, noModel);
    expect(built).toEqual({ filter: { gameId: 7, team: 'Suns', player: 'D. Booker', period: 4, playType: 'PRBallHandler', labelSource: 'analyst', tags: ['late'] } });
    if (!('filter' in built)) throw new Error('refused');
    expect(PlaylistFilter.parse(built.filter)).toEqual(built.filter);
    expect(describeFilter(built.filter, names)).toBe('Game 7 · Suns · D. Booker · Period 4 · Pick & Roll: Ball Handler · analyst labels · #late');
  });

  it('held-out plays the model got wrong: a run, held-out and wrong, over a season', () => {
    const built = playlistFilterOf(table, { runId: 3, predictedType: null, heldOut: true, wrong: true });
    expect(built).toEqual({ filter: { seasonId: 2, runId: 3, heldOut: true, wrong: true } });
    if (!('filter' in built)) throw new Error('refused');
    expect(PlaylistFilter.safeParse(built.filter).success).toBe(true);
    expect(describeFilter(built.filter, names)).toBe('Season 2 · run 3 · held-out · wrong');
  });

  it('refuses search words and model fields without a run, saying what to do', () => {
    expect(playlistFilterOf({ ...table, search: 'booker' }, noModel)).toEqual({ problem: expect.stringMatching(/cannot hold search words/) });
    expect(playlistFilterOf(table, { ...noModel, wrong: true })).toEqual({ problem: expect.stringMatching(/Choose the run/) });
    expect(playlistFilterOf({ ...table, place: 'everything' }, noModel)).toEqual({ filter: {} });
    expect(describeFilter({}, names)).toBe('every play');
  });
});
