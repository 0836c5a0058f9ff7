import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPlay, deletePlay, trimPlay } from '../../../main/coding/coding-operations.js';
import { createPlaylist, deletePlaylist, listPlaylists, reorderPlaylist, showPlaylist } from '../../../main/coding/playlists.js';
import { openLibrary, type Database } from '../../../main/library/index.js';
import { storePredictions } from '../../../main/library/repositories/predictions.js';
import { createRun, updateRun } from '../../../main/library/repositories/training-runs.js';
import { openFilmRoom } from '../../../main/services/index.js';
import { ModelSpec } from '../../../shared/api/model-spec.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import { cli } from '../../helpers/cli.js';
import { seedGame } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

/** Two games; each play's id is named for what it is, so each filter's answer can be written by hand. */
function library(db: Database) {
  const g1 = seedGame(db);
  const g2 = seedGame(db);
  const add = (gameId: number, startS: number, playType: string, more: Record<string, unknown> = {}) => addPlay(db, { gameId, startS, endS: startS + 5, playType, ...more }).plays[0]!.id;
  return {
    g1,
    g2,
    sunsPnr4: add(g1, 10, 'PRBallHandler', { team: 'Suns', period: 4, player: 'D. Booker', tags: ['ato', 'late'] }),
    sunsPnr1: add(g1, 20, 'PRBallHandler', { team: 'Suns', period: 1 }),
    lakersPnr4: add(g1, 30, 'PRBallHandler', { team: 'Lakers', period: 4, tags: ['late'] }),
    sunsIso4: add(g1, 40, 'Isolation', { team: 'Suns', period: 4, player: 'd. booker' }),
    g2Cut: add(g2, 10, 'Cut', { team: 'Suns', period: 4 }),
    g2Post: add(g2, 20, 'Postup', { team: 'Suns', period: 4 }),
  };
}

const ids = (db: Database, name: string) => showPlaylist(db, { name }).plays.map((p) => p.id);

describe('playlists', () => {
  it('a saved filter finds by team, period, play type, player, tags, label source and game, evaluated afresh', () => {
    const db = openLibrary(path.join(tempDir(), 'lib.db'));
    const p = library(db);
    createPlaylist(db, { name: 'Suns PnR Q4', filter: { team: 'suns', playType: 'PRBallHandler', period: 4 } });
    createPlaylist(db, { name: 'Late', filter: { tags: ['late'] } });
    createPlaylist(db, { name: 'Late ATO', filter: { tags: ['late', 'ato'] } });
    createPlaylist(db, { name: 'Booker', filter: { player: 'D. Booker' } });
    createPlaylist(db, { name: 'Game 2', filter: { gameId: p.g2 } });
    createPlaylist(db, { name: 'Imported', filter: { labelSource: 'imported' } });
    expect(ids(db, 'Suns PnR Q4')).toEqual([p.sunsPnr4]);
    expect(ids(db, 'Late')).toEqual([p.sunsPnr4, p.lakersPnr4]);
    expect(ids(db, 'Late ATO')).toEqual([p.sunsPnr4]);
    expect(ids(db, 'Booker')).toEqual([p.sunsPnr4, p.sunsIso4]);
    expect(ids(db, 'Game 2')).toEqual([p.g2Cut, p.g2Post]);
    expect(ids(db, 'Imported')).toEqual([]);
    // A new matching play joins the filter's playlist without saving it again.
    const another = addPlay(db, { gameId: p.g2, startS: 40, endS: 44, playType: 'PRBallHandler', team: 'Suns', period: 4 }).plays[0]!.id;
    expect(ids(db, 'Suns PnR Q4')).toEqual([p.sunsPnr4, another]);
    expect(listPlaylists(db).map((l) => [l.name, l.kind, l.playCount])).toEqual([
      ['Booker', 'filter', 2], ['Game 2', 'filter', 3], ['Imported', 'filter', 0], ['Late', 'filter', 2], ['Late ATO', 'filter', 1], ['Suns PnR Q4', 'filter', 2],
    ]);
    db.close();
  });

  it('a saved filter can cover one season (what the Library lists with Season)', () => {
    const db = openLibrary(path.join(tempDir(), 'lib.db'));
    const g1 = seedGame(db, { season: '2025-26' });
    const g2 = seedGame(db, { season: '2024-25' });
    const g3 = seedGame(db, { season: '2025-26' });
    const add = (gameId: number) => addPlay(db, { gameId, startS: 10, endS: 15, playType: 'Cut' }).plays[0]!.id;
    const [a, , c] = [add(g1), add(g2), add(g3)];
    const season = (db.prepare("SELECT id FROM seasons WHERE name = '2025-26'").get() as { id: number }).id;
    createPlaylist(db, { name: 'This season', filter: { seasonId: season, playType: 'Cut' } });
    expect(ids(db, 'This season')).toEqual([a, c]);
    db.close();
  });

  it('held-out plays a run got wrong, and a predicted type: current predictions only', () => {
    const db = openLibrary(path.join(tempDir(), 'lib.db'));
    const p = library(db);
    const run = createRun(db, 'r', ModelSpec.parse({ backbone: { weights: 'random', cut: 'block5_pool', pooling: 'avg', size: 32, frames: 4 } }));
    updateRun(db, run.id, { split: { seed: 1, trainGameIds: [p.g1], validationGameIds: [], heldOutGameIds: [p.g2], trainPlays: 4, validationPlays: 0, heldOutPlays: 2 } });
    const probabilities = { Cut: 0.5, Postup: 0.5 };
    const predict = (playId: number, playType: string) => ({ playId, playType, confidence: 0.5, probabilities });
    // Wrong: sunsIso4 (train game) and g2Cut (held out). Right: g2Post.
    storePredictions(db, run.id, [predict(p.sunsIso4, 'Cut'), predict(p.g2Cut, 'Postup'), predict(p.g2Post, 'Postup'), predict(p.sunsPnr4, 'PRBallHandler')]);
    createPlaylist(db, { name: 'Misses', filter: { runId: run.id, heldOut: true, wrong: true } });
    createPlaylist(db, { name: 'All misses', filter: { runId: run.id, wrong: true } });
    createPlaylist(db, { name: 'Held out', filter: { runId: run.id, heldOut: true } });
    createPlaylist(db, { name: 'Predicted Postup', filter: { runId: run.id, predictedType: 'Postup' } });
    expect(ids(db, 'Misses')).toEqual([p.g2Cut]);
    expect(ids(db, 'All misses')).toEqual([p.sunsIso4, p.g2Cut]);
    expect(ids(db, 'Held out')).toEqual([p.g2Cut, p.g2Post]);
    expect(ids(db, 'Predicted Postup')).toEqual([p.g2Cut, p.g2Post]);
    // Trimming a play makes its prediction stale: it is no longer a "miss" until predicted again.
    trimPlay(db, { playId: p.g2Cut, endS: 14 });
    expect(ids(db, 'Misses')).toEqual([]);
    expect(() => createPlaylist(db, { name: 'x', filter: { wrong: true } })).toThrow(/need the run/);
    expect(() => createPlaylist(db, { name: 'x', filter: { runId: 999, wrong: true } })).toThrow(NotFoundError);
    db.close();
  });

  it('a hand-picked list keeps its order, reorders, loses deleted plays, and refuses bad input', () => {
    const db = openLibrary(path.join(tempDir(), 'lib.db'));
    const p = library(db);
    createPlaylist(db, { name: 'Monday', playIds: [p.g2Post, p.sunsPnr4, p.lakersPnr4] });
    expect(ids(db, 'Monday')).toEqual([p.g2Post, p.sunsPnr4, p.lakersPnr4]);
    expect(reorderPlaylist(db, { name: 'Monday', playIds: [p.lakersPnr4, p.g2Post, p.sunsPnr4] }).plays.map((x) => x.id)).toEqual([p.lakersPnr4, p.g2Post, p.sunsPnr4]);
    expect(() => reorderPlaylist(db, { name: 'Monday', playIds: [p.lakersPnr4, p.g2Post] })).toThrow(/must list its 3 plays/);
    deletePlay(db, { playId: p.g2Post });
    expect(ids(db, 'Monday')).toEqual([p.lakersPnr4, p.sunsPnr4]);
    expect(() => createPlaylist(db, { name: 'Monday', playIds: [p.sunsPnr4] })).toThrow(ConflictError);
    expect(() => createPlaylist(db, { name: 'Dupes', playIds: [p.sunsPnr4, p.sunsPnr4] })).toThrow(ValidationError);
    expect(() => createPlaylist(db, { name: 'Ghost', playIds: [p.sunsPnr4, 9999] })).toThrow(/No play 9999/);
    expect(() => createPlaylist(db, { name: 'Both', playIds: [p.sunsPnr4], filter: {} })).toThrow(/either a filter or a list/);
    createPlaylist(db, { name: 'F', filter: {} });
    expect(() => reorderPlaylist(db, { name: 'F', playIds: [] })).toThrow(/saved filter/);
    deletePlaylist(db, { name: 'Monday' });
    expect(() => showPlaylist(db, { name: 'Monday' })).toThrow(NotFoundError);
    db.close();
  });

  it('is on the typed API and the CLI', async () => {
    const file = path.join(tempDir(), 'lib.db');
    const room = openFilmRoom({ libraryPath: file, frontDoor: 'cli' });
    const p = library(room.db);
    await room.dispatcher.call('playlists', 'create', { name: 'API', playIds: [p.sunsIso4, p.sunsPnr1] });
    await expect(room.dispatcher.call('playlists', 'create', { name: '', playIds: [1] })).rejects.toThrow(/name/);
    expect(((await room.dispatcher.call('playlists', 'show', { name: 'API' })) as { plays: { id: number }[] }).plays.map((x) => x.id)).toEqual([p.sunsIso4, p.sunsPnr1]);
    await room.close();

    const created = await cli(['playlists', 'create', '--library', file, '--name', 'Suns Q4', '--team', 'Suns', '--period', '4', '--tag', 'late', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'Suns Q4', kind: 'filter', play_count: 1 });
    const listed = await cli(['playlists', 'list', '--library', file]);
    expect(listed.stdout).toMatch(/API\s+hand-picked\s+2 plays/);
    const shown = await cli(['playlists', 'show', '--library', file, '--name', 'API', '--json']);
    expect((JSON.parse(shown.stdout) as { plays: { id: number }[] }).plays.map((x) => x.id)).toEqual([p.sunsIso4, p.sunsPnr1]);
    const reordered = await cli(['playlists', 'reorder', '--library', file, '--name', 'API', '--play', String(p.sunsPnr1), '--play', String(p.sunsIso4)]);
    expect(reordered.stdout).toContain(`${p.sunsPnr1}, ${p.sunsIso4}`);
    expect((await cli(['playlists', 'delete', '--library', file, '--name', 'API'])).code).toBe(0);
    const missing = await cli(['playlists', 'show', '--library', file, '--name', 'API']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/No playlist named "API"/);
  });
});
