import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../main/library/database.js';
import { ensureTeam } from '../../../main/library/repositories/teams.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';

/** Sets what an import would have stored beside the label. */
function describePlay(db: Database, id: number, fields: { team?: string; period?: number | null; tags?: string[]; source?: string }): void {
  if (fields.team !== undefined) db.prepare('UPDATE plays SET team_id = ? WHERE id = ?').run(ensureTeam(db, fields.team), id);
  if (fields.period !== undefined) db.prepare('UPDATE plays SET period = ? WHERE id = ?').run(fields.period, id);
  if (fields.tags !== undefined) db.prepare('UPDATE plays SET tags_json = ? WHERE id = ?').run(JSON.stringify(fields.tags), id);
  if (fields.source !== undefined) db.prepare('UPDATE plays SET label_source = ? WHERE id = ?').run(fields.source, id);
}

describe('finding plays', () => {
  let room: FilmRoom;
  afterEach(() => room.close());

  /** Two games of one season and one of another; each play's fields chosen so every filter splits them differently. */
  function seeded() {
    room = openFilmRoom({ libraryPath: ':memory:', frontDoor: 'cli' });
    const { db } = room;
    const g1 = seedGame(db, { season: '2025-26', name: 'Suns @ Owls' });
    const g2 = seedGame(db, { season: '2025-26', name: 'Hawks @ Suns' });
    const other = seedGame(db, { season: '2024-25', name: 'Suns @ Bulls' });
    const a = seedPlay(db, g1, 10, 'PRBallHandler');
    const b = seedPlay(db, g1, 30, 'Cut');
    const c = seedPlay(db, g1, 50, 'PRBallHandler');
    const d = seedPlay(db, g2, 5, 'Transition');
    const e = seedPlay(db, other, 5, 'PRBallHandler');
    describePlay(db, a, { team: 'Suns', period: 4, tags: ['Player:D. Booker', 'late clock'] });
    describePlay(db, b, { team: 'Owls', period: 1, tags: ['Player:A. Zed'] });
    describePlay(db, c, { team: 'Suns', period: 4, tags: ['50% shooter'], source: 'analyst' });
    describePlay(db, d, { team: 'Hawks', period: null, tags: ['Player:D. Booker'] });
    describePlay(db, e, { team: 'Suns', period: 4, tags: ['Player:D. Booker'] });
    const season = db.prepare("SELECT id FROM seasons WHERE name = '2025-26'").get() as { id: number };
    return { g1, g2, season: season.id, ids: { a, b, c, d, e }, suns: ensureTeam(db, 'Suns') };
  }

  const ids = (page: { plays: { id: number }[] }) => page.plays.map((p) => p.id);

  it('shows each play’s player from its "Player:" tag', async () => {
    const { g1, ids: p } = seeded();
    const page = await room.api.library.listPlays({ gameId: g1 });
    expect(page.plays.map((play) => [play.id, play.player])).toEqual([
      [p.a, 'D. Booker'],
      [p.b, 'A. Zed'],
      [p.c, null],
    ]);
  });

  it('filters a season by team, player, period, play type, label source and tag, alone and together', async () => {
    const { season, suns, ids: p } = seeded();
    const list = (filter: object) => room.api.library.listPlays({ seasonId: season, ...filter });
    expect(ids(await list({}))).toEqual([p.a, p.b, p.c, p.d]);
    expect(ids(await list({ teamId: suns }))).toEqual([p.a, p.c]);
    expect(ids(await list({ player: 'D. Booker' }))).toEqual([p.a, p.d]);
    expect(ids(await list({ player: 'D. Book' }))).toEqual([]); // a player is matched whole
    expect(ids(await list({ period: 4 }))).toEqual([p.a, p.c]);
    expect(ids(await list({ playType: 'PRBallHandler' }))).toEqual([p.a, p.c]);
    expect(ids(await list({ labelSource: 'analyst' }))).toEqual([p.c]);
    expect(ids(await list({ tag: 'late clock' }))).toEqual([p.a]);
    expect(ids(await list({ teamId: suns, period: 4, player: 'D. Booker' }))).toEqual([p.a]);
    const page = await list({ playType: 'PRBallHandler', limit: 1 });
    expect(page.total).toBe(2);
  });

  it('searches every word across game, team, player, play type and tags, case-insensitively, wildcards taken literally', async () => {
    const { season, ids: p } = seeded();
    const search = async (text: string) => ids(await room.api.library.listPlays({ seasonId: season, search: text }));
    expect(await search('hawks')).toEqual([p.d]); // game name "Hawks @ Suns" and team Hawks
    expect(await search('owls')).toEqual([p.a, p.b, p.c]); // game name
    expect(await search('booker')).toEqual([p.a, p.d]); // player
    expect(await search('pick')).toEqual([p.a, p.c]); // the play type's display name, "Pick & Roll: Ball Handler"
    expect(await search('roll man')).toEqual([]);
    expect(await search('booker suns')).toEqual([p.a, p.d]); // both words, each anywhere
    expect(await search('booker late')).toEqual([p.a]);
    expect(await search('50%')).toEqual([p.c]);
    expect(await search('%')).toEqual([p.c]); // "%" is a character to find, not "anything"
    expect(await search('_')).toEqual([]);
  });

  it('sorts by any column, reversed on request, empty values last, ties in film order', async () => {
    const { season, ids: p } = seeded();
    const sorted = async (sort: string, descending = false) =>
      ids(await room.api.library.listPlays({ seasonId: season, sort: sort as 'team', descending }));
    expect(await sorted('start')).toEqual([p.a, p.b, p.c, p.d]);
    expect(await sorted('start', true)).toEqual([p.d, p.c, p.b, p.a]);
    expect(await sorted('team')).toEqual([p.d, p.b, p.a, p.c]); // Hawks, Owls, Suns, Suns
    expect(await sorted('team', true)).toEqual([p.a, p.c, p.b, p.d]);
    expect(await sorted('player')).toEqual([p.b, p.a, p.d, p.c]); // A. Zed, D. Booker ×2, none last
    expect(await sorted('player', true)).toEqual([p.a, p.d, p.b, p.c]);
    expect(await sorted('period')).toEqual([p.b, p.a, p.c, p.d]); // 1, 4, 4, none last
    expect(await sorted('period', true)).toEqual([p.a, p.c, p.b, p.d]);
    expect(await sorted('game')).toEqual([p.d, p.a, p.b, p.c]); // "Hawks @ Suns" before "Suns @ Owls"
    expect(await sorted('playType')).toEqual([p.d, p.a, p.c, p.b]); // taxonomy order: Transition, P&R ball handler, Cut
    expect(await sorted('label')).toEqual([p.c, p.a, p.b, p.d]); // analyst before imported
    expect(await sorted('end', true)).toEqual([p.c, p.b, p.a, p.d]);
  });

  it('gives the filters’ choices: teams, players, periods and free tags of a game or season', async () => {
    const { g1, season } = seeded();
    expect(await room.api.library.playFacets({ gameId: g1 })).toEqual({
      teams: [expect.objectContaining({ name: 'Owls' }), expect.objectContaining({ name: 'Suns' })],
      players: ['A. Zed', 'D. Booker'],
      periods: [1, 4],
      tags: ['50% shooter', 'late clock'],
    });
    const facets = await room.api.library.playFacets({ seasonId: season });
    expect(facets.teams.map((t) => t.name)).toEqual(['Hawks', 'Owls', 'Suns']);
    expect(facets.periods).toEqual([1, 4]);
  });

  it('refuses an unknown sort column and an empty filter text', async () => {
    seeded();
    await expect(room.api.library.listPlays({ sort: 'id; DROP TABLE plays' as 'team' })).rejects.toThrow(/sort/);
    await expect(room.api.library.listPlays({ player: '  ' })).rejects.toThrow(/player/);
  });
});
