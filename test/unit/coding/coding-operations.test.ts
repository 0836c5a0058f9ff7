import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPlay, codingHistory, deletePlay, editPlay, mergePlays, redoCoding, splitPlay, trimPlay, undoCoding } from '../../../main/coding/coding-operations.js';
import { openLibrary } from '../../../main/library/index.js';
import { getClip, insertClip } from '../../../main/library/repositories/clips.js';
import { ensureFeatureSet, insertFeatures, readFeatures } from '../../../main/library/repositories/features.js';
import { findPlay, listPlays } from '../../../main/library/repositories/plays.js';
import { reviewQueue, storePredictions } from '../../../main/library/repositories/predictions.js';
import { createRun } from '../../../main/library/repositories/training-runs.js';
import { renderReport } from '../../../main/reports/index.js';
import { openFilmRoom } from '../../../main/services/index.js';
import { ModelSpec } from '../../../shared/api/model-spec.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

function spans(db: Parameters<typeof listPlays>[0], gameId: number) {
  return listPlays(db, { gameId }, { limit: 100, offset: 0 }).plays.map((p) => [p.id, p.startS, p.endS, p.playType]);
}

describe('coding operations', () => {
  it('add, trim, split, merge, edit and delete each undo and redo, also after the library is closed and opened again', () => {
    const file = path.join(tempDir(), 'lib.db');
    let db = openLibrary(file);
    const game = seedGame(db, { durationS: 120, fps: 25 });
    const existing = seedPlay(db, game, 10, 'Cut', 16);

    const added = addPlay(db, { gameId: game, startS: 20, endS: 30, playType: 'Isolation', team: 'Suns', period: 4, clock: '5:12', player: 'D. Booker', tags: ['ato'] });
    const id = added.plays[0]!.id;
    expect(added.plays[0]).toMatchObject({ startS: 20, endS: 30, playType: 'Isolation', labelSource: 'analyst', team: { name: 'Suns' }, period: 4, clock: '5:12', player: 'D. Booker', tags: ['ato'] });
    trimPlay(db, { playId: id, startS: 21, endS: 29 });
    const split = splitPlay(db, { playId: id, atS: 25 });
    const second = split.plays[1]!.id;
    expect(split.plays.map((p) => [p.startS, p.endS])).toEqual([[21, 25], [25, 29]]);
    expect(split.plays[1]).toMatchObject({ playType: 'Isolation', player: 'D. Booker', team: { name: 'Suns' } });
    editPlay(db, { playId: second, playType: 'Postup', player: null, tags: ['late', 'late'] });
    expect(findPlay(db, second)).toMatchObject({ playType: 'Postup', player: null, tags: ['late'], labelSource: 'analyst' });
    const merged = mergePlays(db, { firstPlayId: second, secondPlayId: id });
    expect(merged.plays).toHaveLength(1);
    expect(merged.plays[0]).toMatchObject({ id, startS: 21, endS: 29, playType: 'Isolation', tags: ['ato', 'late'] });
    expect(merged.removedPlayIds).toEqual([second]);
    deletePlay(db, { playId: existing });

    const states: unknown[] = [];
    states.push(spans(db, game));
    db.close();
    db = openLibrary(file); // the journal survives a restart
    expect(codingHistory(db)).toMatchObject({ done: 6, undone: 0, undo: { operation: 'delete' } });

    // Undo everything step by step, recording each state, then redo it all and walk back the same states.
    for (let i = 0; i < 6; i++) {
      expect(undoCoding(db)?.direction).toBe('undo');
      states.push(spans(db, game));
    }
    expect(undoCoding(db)).toBeNull();
    expect(states[6]).toEqual([[existing, 10, 16, 'Cut']]);
    expect(states[5]).toEqual([[existing, 10, 16, 'Cut'], [id, 20, 30, 'Isolation']]);
    expect(states[4]).toEqual([[existing, 10, 16, 'Cut'], [id, 21, 29, 'Isolation']]);
    expect(states[3]).toEqual([[existing, 10, 16, 'Cut'], [id, 21, 25, 'Isolation'], [second, 25, 29, 'Isolation']]);
    expect(states[2]).toEqual([[existing, 10, 16, 'Cut'], [id, 21, 25, 'Isolation'], [second, 25, 29, 'Postup']]);
    expect(states[1]).toEqual([[existing, 10, 16, 'Cut'], [id, 21, 29, 'Isolation']]);
    expect(states[0]).toEqual([[id, 21, 29, 'Isolation']]);
    db.close();
    db = openLibrary(file);
    for (let i = 5; i >= 0; i--) {
      expect(redoCoding(db)?.direction).toBe('redo');
      expect(spans(db, game)).toEqual(states[i]);
    }
    expect(findPlay(db, id)).toMatchObject({ team: { name: 'Suns' }, period: 4, clock: '5:12', player: 'D. Booker', tags: ['ato', 'late'] });
    expect(redoCoding(db)).toBeNull();
    db.close();
  });

  it('a new operation after an undo drops what could have been redone', () => {
    const db = openLibrary(path.join(tempDir(), 'lib.db'));
    const game = seedGame(db);
    const a = addPlay(db, { gameId: game, startS: 1, endS: 2, playType: 'Cut' }).plays[0]!.id;
    undoCoding(db);
    addPlay(db, { gameId: game, startS: 5, endS: 6, playType: 'Cut' });
    expect(codingHistory(db)).toMatchObject({ done: 1, undone: 0, redo: null });
    expect(findPlay(db, a)).toBeUndefined();
    db.close();
  });

  it('refuses overlapping, zero-length, backwards and past-the-end plays and unknown play types, and writes nothing', () => {
    const db = openLibrary(path.join(tempDir(), 'lib.db'));
    const game = seedGame(db, { durationS: 60, fps: 30 });
    const play = seedPlay(db, game, 10, 'Cut', 20);
    const before = spans(db, game);
    expect(() => addPlay(db, { gameId: game, startS: 15, endS: 25, playType: 'Cut' })).toThrow(ConflictError);
    expect(() => addPlay(db, { gameId: game, startS: 15, endS: 25, playType: 'Cut' })).toThrow(/overlaps play \d+ \(Cut, 10.00 s to 20.00 s\)/);
    expect(() => addPlay(db, { gameId: game, startS: 30, endS: 30, playType: 'Cut' })).toThrow(/zero-length/);
    expect(() => addPlay(db, { gameId: game, startS: 31, endS: 30, playType: 'Cut' })).toThrow(/backwards/);
    expect(() => addPlay(db, { gameId: game, startS: 50, endS: 61, playType: 'Cut' })).toThrow(/past the end of .*60.00 s/);
    expect(() => addPlay(db, { gameId: game, startS: 50, endS: 55, playType: 'Dunk' })).toThrow(ValidationError);
    expect(() => addPlay(db, { gameId: game, startS: 50, endS: 55, playType: 'Dunk' })).toThrow(/"Dunk" is not a play type/);
    expect(() => addPlay(db, { gameId: 999, startS: 1, endS: 2, playType: 'Cut' })).toThrow(NotFoundError);
    expect(() => trimPlay(db, { playId: play, endS: 70 })).toThrow(/past the end/);
    expect(() => splitPlay(db, { playId: play, atS: 20 })).toThrow(/not between/);
    // Touching is not overlapping: a play may start where another ends.
    addPlay(db, { gameId: game, startS: 20, endS: 22, playType: 'Cut' });
    expect(() => trimPlay(db, { playId: play, endS: 21 })).toThrow(ConflictError);
    expect(spans(db, game)).toEqual([...before, [expect.any(Number), 20, 22, 'Cut']]);
    expect(codingHistory(db).done).toBe(1);
    db.close();
  });

  it('merges only neighbours of one game', () => {
    const db = openLibrary(path.join(tempDir(), 'lib.db'));
    const game = seedGame(db);
    const [a, b, c] = [seedPlay(db, game, 0, 'Cut', 5), seedPlay(db, game, 6, 'Cut', 8), seedPlay(db, game, 9, 'Postup', 12)];
    const other = seedPlay(db, seedGame(db), 6, 'Cut', 8);
    expect(() => mergePlays(db, { firstPlayId: a, secondPlayId: c })).toThrow(/not neighbours/);
    expect(() => mergePlays(db, { firstPlayId: a, secondPlayId: other })).toThrow(/different games/);
    expect(mergePlays(db, { firstPlayId: c, secondPlayId: b }).plays[0]).toMatchObject({ id: b, startS: 6, endS: 12, playType: 'Cut' });
    db.close();
  });

  it('a trimmed play’s predictions go stale (out of Review and reports), its clip and features are dropped so extraction samples the new span', () => {
    const db = openLibrary(path.join(tempDir(), 'lib.db'));
    const game = seedGame(db);
    const [a, b] = [seedPlay(db, game, 10, 'Cut', 16), seedPlay(db, game, 20, 'Cut', 26)];
    const run = createRun(db, 'r', ModelSpec.parse({ backbone: { weights: 'random', cut: 'block5_pool', pooling: 'avg', size: 32, frames: 4 } }));
    const probabilities = { Cut: 0.7, Postup: 0.3 };
    storePredictions(db, run.id, [{ playId: a, playType: 'Postup', confidence: 0.7, probabilities }, { playId: b, playType: 'Cut', confidence: 0.6, probabilities }]);
    const featureSet = ensureFeatureSet(db, { signature: 'abcdef0123456789', weightSetId: null, weightsSha256: 'w', cutLayer: 'block5_pool', pooling: 'avg', size: 32, frames: 4, dim: 2 });
    for (const play of [a, b]) insertFeatures(db, insertClip(db, { play_id: play, frames: 4, size: 32, path: `x/${play}.rgb`, sha256: 'h' }), featureSet.id, 'test', new Float32Array(8));

    const clipA = getClip(db, a, 4, 32)!;
    expect(readFeatures(db, clipA.id, featureSet.id)).toBeDefined();
    trimPlay(db, { playId: a, startS: 11 });
    expect(readFeatures(db, clipA.id, featureSet.id)).toBeUndefined();
    const queue = reviewQueue(db, { runId: run.id }, { limit: 10, offset: 0 }, new Set());
    expect(queue.items.map((i) => i.play.id)).toEqual([b]);
    expect(queue.items[0]!.stale).toBe(false);
    // Review asks for the stale one too, to show it as out of date: marked, with what the model said.
    const withStale = reviewQueue(db, { runId: run.id, includeStale: true }, { limit: 10, offset: 0 }, new Set());
    expect(withStale.items.map((i) => [i.play.id, i.stale, i.prediction.playType])).toEqual([[b, false, 'Cut'], [a, true, 'Postup']]);
    expect(getClip(db, a, 4, 32)).toBeUndefined();
    const clipB = getClip(db, b, 4, 32)!;
    expect(readFeatures(db, clipB.id, featureSet.id)).toBeDefined();
    const csv = renderReport(db, { kind: 'plays', runId: run.id }).text.split('\n');
    const header = csv[0]!.split(',');
    const predicted = header.indexOf('predicted_type');
    const startCol = header.indexOf('start_s');
    const rowAt = (start: number) => csv.map((line) => line.split(',')).find((cells) => Number(cells[startCol]) === start);
    expect(rowAt(11)?.[predicted]).toBe('');
    expect(rowAt(20)?.[predicted]).toBe('Cut');
    // Undoing the trim brings the old span back, but not the old clip: extraction samples it again.
    undoCoding(db);
    expect(findPlay(db, a)).toMatchObject({ startS: 10, endS: 16 });
    expect(getClip(db, a, 4, 32)).toBeUndefined();
    // An edit of details leaves predictions and clips alone.
    editPlay(db, { playId: b, player: 'X' });
    expect(getClip(db, b, 4, 32)).toBeDefined();
    expect(reviewQueue(db, { runId: run.id }, { limit: 10, offset: 0 }, new Set()).total).toBe(1);
    db.close();
  });

  it('a play type given again confirms an imported label as the analyst’s, and that undoes to the import’s', () => {
    const db = openLibrary(path.join(tempDir(), 'lib.db'));
    const game = seedGame(db, { durationS: 60, fps: 25 });
    const play = seedPlay(db, game, 10, 'Cut', 16);
    expect(findPlay(db, play)).toMatchObject({ playType: 'Cut', labelSource: 'imported' });
    const confirmed = editPlay(db, { playId: play, playType: 'Cut' });
    expect(confirmed.summary).toBe(`Confirmed Cut as the label of play ${play}`);
    expect(findPlay(db, play)).toMatchObject({ playType: 'Cut', labelSource: 'analyst' });
    // Once it is the analyst's own, the same type again changes nothing and says so.
    expect(() => editPlay(db, { playId: play, playType: 'Cut' })).toThrow(ValidationError);
    const relabelled = editPlay(db, { playId: play, playType: 'Isolation', period: 2 });
    expect(relabelled.summary).toBe(`Labelled play ${play} Isolation (was Cut); edited period`);
    expect(editPlay(db, { playId: play, playType: 'Postup' }).summary).toBe(`Labelled play ${play} Post-Up (was Isolation)`);
    undoCoding(db);
    expect(editPlay(db, { playId: play, clock: '1:00' }).summary).toBe(`Edited clock of play ${play}`);
    undoCoding(db);
    undoCoding(db);
    expect(undoCoding(db)?.plays[0]).toMatchObject({ playType: 'Cut', labelSource: 'imported' });
    db.close();
  });

  it('is on the typed API: the dispatcher validates every request', async () => {
    const room = openFilmRoom({ libraryPath: path.join(tempDir(), 'lib.db'), frontDoor: 'cli' });
    try {
      const game = seedGame(room.db);
      const added = (await room.dispatcher.call('coding', 'addPlay', { gameId: game, startS: 1, endS: 3, playType: 'Cut', player: 'Y' })) as { plays: { id: number }[] };
      expect(findPlay(room.db, added.plays[0]!.id)).toMatchObject({ player: 'Y' });
      await expect(room.dispatcher.call('coding', 'addPlay', { gameId: game, startS: -1, endS: 3, playType: 'Cut' })).rejects.toThrow(/startS/);
      await expect(room.dispatcher.call('coding', 'trimPlay', { playId: 1, sneaky: true })).rejects.toThrow();
      expect(await room.dispatcher.call('coding', 'history', {})).toMatchObject({ done: 1, undo: { operation: 'add' } });
      expect(await room.dispatcher.call('coding', 'undo', {})).toMatchObject({ direction: 'undo' });
      expect(await room.dispatcher.call('coding', 'redo', {})).toMatchObject({ direction: 'redo' });
    } finally {
      await room.close();
    }
  });
});
