import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../../main/annotations/csv-records.js';
import { importSeason } from '../../../main/import/import-season.js';
import { openLibrary, type Database } from '../../../main/library/index.js';
import { storePredictions } from '../../../main/library/repositories/predictions.js';
import { listPlayTypes } from '../../../main/library/repositories/taxonomy.js';
import { ensureTeam } from '../../../main/library/repositories/teams.js';
import { createRun, updateRun } from '../../../main/library/repositories/training-runs.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { writeReport } from '../../../main/reports/index.js';
import { ModelSpec } from '../../../shared/api/model-spec.js';
import type { Evaluation } from '../../../shared/api/training.js';
import { writeHandSeason } from '../../helpers/season.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

const SPEC = ModelSpec.parse({ backbone: { weights: 'random', cut: 'block5_pool', pooling: 'avg', size: 64 } });

function rowsOf(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  const [header, ...records] = parseCsvRecords(text, ',').map((r) => r.fields);
  return records.filter((r) => r.length > 1).map((fields) => Object.fromEntries(header!.map((h, i) => [h, fields[i] ?? ''])));
}

/** Two games; plays by two teams; a run with predictions for some plays. */
function seeded(db: Database) {
  const pines = ensureTeam(db, 'Pines, "The"');
  const comets = ensureTeam(db, 'Comets');
  const g1 = seedGame(db, { name: 'Game 1', date: '2026-01-02' });
  const g2 = seedGame(db, { name: 'Game 2', date: '2026-01-09' });
  const plays = [
    { game: g1, start: 1, type: 'Transition', team: pines },
    { game: g1, start: 10, type: 'Postup', team: pines },
    { game: g1, start: 20, type: 'Transition', team: comets },
    { game: g2, start: 5, type: 'Spotup', team: comets },
  ].map((p) => {
    const id = seedPlay(db, p.game, p.start, p.type);
    db.prepare('UPDATE plays SET team_id = ? WHERE id = ?').run(p.team, id);
    return { id, ...p };
  });
  const run = createRun(db, 'r', SPEC);
  const types = listPlayTypes(db).map((t) => t.id);
  const probabilities = (best: string) => Object.fromEntries(types.map((t) => [t, t === best ? 0.5 : 0.05]));
  storePredictions(db, run.id, [
    { playId: plays[0]!.id, playType: 'Transition', confidence: 0.5, probabilities: probabilities('Transition') },
    { playId: plays[1]!.id, playType: 'Isolation', confidence: 0.5, probabilities: probabilities('Isolation') },
  ]);
  return { plays, run, types, g1 };
}

describe('reports', () => {
  it('plays CSV: one row per play, true and predicted types, a probability column per type; quoted where needed', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'lib.db'));
    const { plays, run } = seeded(db);
    const names = listPlayTypes(db).map((t) => t.name);
    const out = path.join(dir, 'out', 'plays.csv');
    const result = await writeReport(db, { kind: 'plays', out, runId: run.id });
    expect(result).toMatchObject({ rows: 4, runId: run.id, path: out });
    const rows = rowsOf(out);
    expect(Object.keys(rows[0]!)).toEqual(['game', 'date', 'home', 'away', 'team', 'player', 'period', 'clock', 'start_s', 'end_s', 'true_type', 'label_source', 'predicted_type', 'confidence', ...names.map((n) => `p_${n}`)]);
    expect(rows.map((r) => [r.game, r.team, r.start_s, r.true_type, r.predicted_type, r.confidence])).toEqual([
      ['Game 1', 'Pines, "The"', '1.000', 'Transition', 'Transition', '0.5'],
      ['Game 1', 'Pines, "The"', '10.000', 'Post-Up', 'Isolation', '0.5'],
      ['Game 1', 'Comets', '20.000', 'Transition', '', ''],
      ['Game 2', 'Comets', '5.000', 'Spot-Up', '', ''],
    ]);
    expect(rows[1]!.p_Isolation).toBe('0.5');
    expect(rows[1]!.p_Transition).toBe('0.05');
    expect(rows[2]!.p_Transition).toBe('');
    expect(plays).toHaveLength(4);
    db.close();
  });

  it('plays CSV with "No predictions" leaves the prediction columns empty even when a run is finished', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'lib.db'));
    const { run } = seeded(db);
    updateRun(db, run.id, { status: 'finished' });
    const out = path.join(dir, 'none.csv');
    const result = await writeReport(db, { kind: 'plays', out, runId: null });
    expect(result.runId).toBeNull();
    const rows = rowsOf(out);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.predicted_type).toBe('');
      expect(row.confidence).toBe('');
      expect(row.p_Transition).toBe('');
    }
    // Without a choice, the newest finished run's predictions are filled in.
    const latest = rowsOf((await writeReport(db, { kind: 'plays', out })).path);
    expect(latest[0]!.predicted_type).toBe('Transition');
    db.close();
  });

  it('plays CSV: a player column from the play’s player tag', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'lib.db'));
    const { plays } = seeded(db);
    db.prepare('UPDATE plays SET tags_json = ? WHERE id = ?').run(JSON.stringify(['fast', 'Player:J. Smith']), plays[1]!.id);
    const rows = rowsOf((await writeReport(db, { kind: 'plays', out: path.join(dir, 'p.csv') })).path);
    expect(rows.map((r) => r.player)).toEqual(['', 'J. Smith', '', '']);
    db.close();
  });

  it('frequency CSV: counts per team and per game, worked out by hand', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'lib.db'));
    seeded(db);
    const out = path.join(dir, 'freq.csv');
    await writeReport(db, { kind: 'frequency', out });
    const rows = rowsOf(out).map((r) => [r.scope, r.name, r.Transition, r['Post-Up'], r['Spot-Up'], r.Isolation, r.total]);
    expect(rows).toEqual([
      ['team', 'Comets', '1', '0', '1', '0', '2'],
      ['team', 'Pines, "The"', '1', '1', '0', '0', '2'],
      ['game', 'Game 1', '2', '1', '0', '0', '3'],
      ['game', 'Game 2', '0', '0', '1', '0', '1'],
    ]);
    db.close();
  });

  it('metrics CSV: the stored evaluation per class, then accuracy, macro-F1 and top-2; a run without one is refused and the old file kept', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'lib.db'));
    const { run } = seeded(db);
    const out = path.join(dir, 'metrics.csv');
    fs.writeFileSync(out, 'previous report\r\n');
    await expect(writeReport(db, { kind: 'metrics', out, runId: run.id })).rejects.toThrow(/has no evaluation/);
    expect(fs.readFileSync(out, 'utf8')).toBe('previous report\r\n');
    const evaluation: Evaluation = {
      classes: ['A', 'B'], confusion: [[3, 1], [0, 2]], accuracy: 5 / 6, macroF1: 0.8285714, top2Accuracy: 1, plays: 6, games: 2,
      perClass: [{ playType: 'A', precision: 1, recall: 0.75, f1: 6 / 7, support: 4 }, { playType: 'B', precision: 2 / 3, recall: 1, f1: 0.8, support: 2 }],
    };
    updateRun(db, run.id, { evaluation, status: 'finished' });
    await writeReport(db, { kind: 'metrics', out, runId: run.id });
    expect(rowsOf(out).map((r) => [r.play_type, r.precision, r.recall, r.f1, r.support])).toEqual([
      ['A', '1', '0.75', '0.857143', '4'],
      ['B', '0.666667', '1', '0.8', '2'],
      ['accuracy', '', '', '0.833333', '6'],
      ['macro_f1', '', '', '0.828571', '6'],
      ['top2_accuracy', '', '', '1', '6'],
    ]);
    // A failed write (the target is a folder) leaves no temp file behind.
    const folder = path.join(dir, 'a-folder');
    fs.mkdirSync(folder);
    await expect(writeReport(db, { kind: 'metrics', out: folder, runId: run.id })).rejects.toThrow();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    db.close();
  });

  it('every export names play types as analysts know them ("Post-Up", "Putback"), not by internal ids', async () => {
    const dir = tempDir();
    const db = openLibrary(path.join(dir, 'lib.db'));
    const { plays, run, g1 } = seeded(db);
    db.prepare("UPDATE plays SET play_type_id = 'OffRebound' WHERE id = ?").run(plays[2]!.id);
    const names = new Map(listPlayTypes(db).map((t) => [t.id, t.name]));
    expect(names.get('Postup')).toBe('Post-Up');
    expect(names.get('OffRebound')).toBe('Putback');

    const played = rowsOf((await writeReport(db, { kind: 'plays', out: path.join(dir, 'plays.csv'), runId: run.id })).path);
    expect(played.map((r) => [r.true_type, r.predicted_type])).toEqual([['Transition', 'Transition'], ['Post-Up', 'Isolation'], ['Putback', ''], ['Spot-Up', '']]);
    expect(Object.keys(played[0]!).filter((k) => k.startsWith('p_'))).toEqual([...names.values()].map((n) => `p_${n}`));
    expect(played[1]!['p_Pick & Roll: Ball Handler']).toBe('0.05');

    const frequency = rowsOf((await writeReport(db, { kind: 'frequency', out: path.join(dir, 'freq.csv') })).path);
    expect(Object.keys(frequency[0]!)).toEqual(['scope', 'name', ...names.values(), 'total']);

    const evaluation: Evaluation = {
      classes: ['Postup', 'OffRebound'], confusion: [[1, 0], [0, 1]], accuracy: 1, macroF1: 1, top2Accuracy: 1, plays: 2, games: 1,
      perClass: [{ playType: 'Postup', precision: 1, recall: 1, f1: 1, support: 1 }, { playType: 'OffRebound', precision: 1, recall: 1, f1: 1, support: 1 }],
    };
    updateRun(db, run.id, { evaluation, status: 'finished' });
    const metrics = rowsOf((await writeReport(db, { kind: 'metrics', out: path.join(dir, 'metrics.csv'), runId: run.id })).path);
    expect(metrics.map((r) => r.play_type)).toEqual(['Post-Up', 'Putback', 'accuracy', 'macro_f1', 'top2_accuracy']);

    const xml = fs.readFileSync((await writeReport(db, { kind: 'sportscode', gameId: g1, out: path.join(dir, 'g1.xml') })).path, 'utf8');
    expect([...xml.matchAll(/<instance>[\s\S]*?<code>([^<]*)<\/code>/g)].map((m) => m[1])).toEqual(['Transition', 'Post-Up', 'Putback']);
    expect([...xml.matchAll(/<row><code>([^<]*)<\/code>/g)].map((m) => m[1])).toEqual(['Transition', 'Post-Up', 'Putback']);
    db.close();
  });

  it('a Sportscode round trip keeps the play types and the imported instance IDs; a play without one is written with its database id', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 4 });
    const db = openLibrary(path.join(dir, 'a.db'));
    await importSeason(db, { target: season.dir, clipCache: ClipCache.besideLibrary(db.name) });
    const ids = (db.prepare('SELECT id FROM plays ORDER BY start_s').all() as { id: number }[]).map((r) => r.id);
    // As an imported edit list leaves them: Sportscode's own IDs on three plays, one coded here without one.
    ['17', 'SC-203', '88'].forEach((external, i) => db.prepare('UPDATE plays SET external_id = ? WHERE id = ?').run(external, ids[i]));
    db.prepare("UPDATE plays SET play_type_id = 'OffRebound' WHERE id = ?").run(ids[1]);
    db.prepare("UPDATE plays SET play_type_id = 'Postup' WHERE id = ?").run(ids[2]);
    const gameId = (db.prepare('SELECT id FROM games').get() as { id: number }).id;
    const before = db.prepare('SELECT start_s, end_s, play_type_id FROM plays ORDER BY start_s').all();

    const again = path.join(dir, 'again');
    fs.mkdirSync(again);
    fs.copyFileSync(path.join(season.dir, season.videos[0]!), path.join(again, season.videos[0]!));
    const out = path.join(again, season.videos[0]!.replace(/\.mp4$/, '.xml'));
    await writeReport(db, { kind: 'sportscode', gameId, out });
    expect([...fs.readFileSync(out, 'utf8').matchAll(/<ID>([^<]*)<\/ID>/g)].map((m) => m[1])).toEqual(['17', 'SC-203', '88', String(ids[3])]);

    const fresh = openLibrary(path.join(dir, 'b.db'));
    const report = await importSeason(fresh, { target: again, clipCache: ClipCache.besideLibrary(fresh.name) });
    expect(report.errors).toEqual([]);
    expect(fresh.prepare('SELECT start_s, end_s, play_type_id FROM plays ORDER BY start_s').all()).toEqual(before);
    expect((fresh.prepare('SELECT external_id FROM plays ORDER BY start_s').all() as { external_id: string }[]).map((r) => r.external_id)).toEqual(['17', 'SC-203', '88', String(ids[3])]);
    db.close();
    fresh.close();
  });

  it('a game exported as Sportscode XML imports into a fresh library as the same plays', async () => {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: 4 });
    const db = openLibrary(path.join(dir, 'a.db'));
    await importSeason(db, { target: season.dir, clipCache: ClipCache.besideLibrary(db.name) });
    const gameId = (db.prepare('SELECT id FROM games').get() as { id: number }).id;
    const before = db.prepare('SELECT start_s, end_s, play_type_id FROM plays ORDER BY start_s').all();
    expect(before).toHaveLength(4);

    const again = path.join(dir, 'again');
    fs.mkdirSync(again);
    fs.copyFileSync(path.join(season.dir, season.videos[0]!), path.join(again, season.videos[0]!));
    await writeReport(db, { kind: 'sportscode', gameId, out: path.join(again, season.videos[0]!.replace(/\.mp4$/, '.xml')) });
    const fresh = openLibrary(path.join(dir, 'b.db'));
    const report = await importSeason(fresh, { target: again, clipCache: ClipCache.besideLibrary(fresh.name) });
    expect(report.errors).toEqual([]);
    expect(fresh.prepare('SELECT start_s, end_s, play_type_id FROM plays ORDER BY start_s').all()).toEqual(before);
    db.close();
    fresh.close();
  });
});
