import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary, type Database } from '../../../main/library/index.js';
import { createRun, getRun, listEpochs } from '../../../main/library/repositories/training-runs.js';
import { insertFeatures } from '../../../main/library/repositories/features.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { loadCheckpointFile } from '../../../main/ml/head/checkpoint.js';
import { checkpointFile } from '../../../main/training/paths.js';
import { predictRun } from '../../../main/training/predict.js';
import { trainRun } from '../../../main/training/run-training.js';
import { TrainingServiceImpl } from '../../../main/services/training-service.js';
import { AppServiceImpl } from '../../../main/services/app-service.js';
import { LibraryServiceImpl } from '../../../main/services/library-service.js';
import { seedFeatureLibrary } from '../../helpers/feature-library.js';
import { tempDir } from '../../helpers/temp.js';

async function library(dir: string, games = 6, playsPerGame = 12, types = 4) {
  const db = openLibrary(path.join(dir, 'library.filmroom.db'));
  const seeded = await seedFeatureLibrary(db, { games, playsPerGame, types });
  return { db, cache: ClipCache.besideLibrary(db.name), ...seeded };
}

function predictionsOf(db: Database, runId: number) {
  return db.prepare('SELECT play_id, play_type_id, confidence, probabilities_json FROM predictions WHERE run_id = ?').all(runId) as
    { play_id: number; play_type_id: string; confidence: number; probabilities_json: string }[];
}

describe('a training run on cached features', () => {
  it('splits by game, stores every epoch, evaluates the held-out games and predicts every play', async () => {
    const dir = tempDir();
    const { db, cache, spec, plays } = await library(dir);
    const run = createRun(db, 'test', spec());
    const announced: number[] = [];
    const result = await trainRun(db, cache, run.id, { onEpoch: (e) => announced.push(e.epoch) });

    const stored = getRun(db, run.id);
    expect(stored.status).toBe('finished');
    expect(stored.engine).toMatch(/tfjs/);
    // No game on both sides, every game on one.
    const split = stored.split!;
    const games = [...new Set([...plays.values()].map((p) => p.gameId))].sort((a, b) => a - b);
    const sides = [...split.trainGameIds, ...split.validationGameIds, ...split.heldOutGameIds];
    expect(new Set(sides).size).toBe(sides.length); // disjoint
    expect(sides.sort((a, b) => a - b)).toEqual(games);
    expect(split.heldOutGameIds.length).toBeGreaterThan(0);
    expect(split.validationGameIds.length).toBeGreaterThan(0);

    const epochs = listEpochs(db, run.id);
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: result.epochs }, (_, i) => i + 1));
    expect(announced).toEqual(epochs.map((e) => e.epoch));
    expect(epochs.every((e) => Number.isFinite(e.loss) && e.macroF1 !== null)).toBe(true);

    // Four types: chance is 0.25; the ramp task is easy.
    expect(result.metrics!.accuracy).toBeGreaterThan(0.8);
    expect(result.metrics!.heldOutGames).toBe(split.heldOutGameIds.length);

    // The stored evaluation agrees with a confusion matrix counted here from the stored predictions.
    const rows = predictionsOf(db, run.id);
    expect(rows).toHaveLength(plays.size);
    const evaluation = stored.evaluation!;
    const counted = evaluation.classes.map(() => evaluation.classes.map(() => 0));
    for (const row of rows) {
      const play = plays.get(row.play_id)!;
      const probabilities = JSON.parse(row.probabilities_json) as Record<string, number>;
      expect(Object.values(probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(row.confidence).toBeCloseTo(Math.max(...Object.values(probabilities)), 5);
      if (!split.heldOutGameIds.includes(play.gameId)) continue;
      counted[evaluation.classes.indexOf(play.playType)]![evaluation.classes.indexOf(row.play_type_id)]! += 1;
    }
    expect(evaluation.confusion).toEqual(counted);
    const correct = counted.reduce((sum, row, i) => sum + row[i]!, 0);
    expect(evaluation.accuracy).toBeCloseTo(correct / evaluation.plays, 10);
    db.close();
  });

  it('is cancelled with its checkpoint kept, resumes from it, and a NaN batch then fails it with the reason', async () => {
    const dir = tempDir();
    const { db, cache, spec, featureSetId } = await library(dir, 4, 10, 4);
    const run = createRun(db, 'test', spec({ epochs: 6, earlyStopping: { patience: 10 } }));
    const controller = new AbortController();
    const first = await trainRun(db, cache, run.id, { signal: controller.signal, onEpoch: (e) => e.epoch === 2 && controller.abort() });
    expect(first.stoppedBy).toBe('cancelled');
    expect(getRun(db, run.id).status).toBe('cancelled');
    expect((await loadCheckpointFile(checkpointFile(db, run.id))).epoch).toBe(2);

    // Poison one training play's features: the resumed run scales with its stored statistics, so only that play's batch is NaN.
    const trainGame = getRun(db, run.id).split!.trainGameIds[0]!;
    const clip = db.prepare('SELECT f.clip_id FROM features f JOIN clips c ON c.id = f.clip_id JOIN plays p ON p.id = c.play_id WHERE p.game_id = ? AND f.feature_set_id = ? LIMIT 1').get(trainGame, featureSetId) as { clip_id: number };
    const poisoned = new Float32Array(6 * 16).fill(Number.NaN);
    insertFeatures(db, clip.clip_id, featureSetId, 'poisoned', poisoned);

    const resumed = await trainRun(db, cache, run.id);
    expect(resumed.stoppedBy).toBe('nan');
    const failed = getRun(db, run.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^training loss became NaN at epoch 3, batch \d+\. Lower the learning rate/);
    // Epochs 1–2 stay, nothing after; the last good checkpoint is still epoch 2's.
    expect(listEpochs(db, run.id).map((e) => e.epoch)).toEqual([1, 2]);
    expect((await loadCheckpointFile(checkpointFile(db, run.id))).epoch).toBe(2);
    db.close();
  });

  it('predicts again from the checkpoint exactly as the run did, for a game or for unlabelled plays only', async () => {
    const dir = tempDir();
    const { db, cache, spec, plays } = await library(dir, 4, 8, 4);
    const run = createRun(db, 'test', spec({ epochs: 4 }));
    await trainRun(db, cache, run.id);
    const before = new Map(predictionsOf(db, run.id).map((r) => [r.play_id, r.probabilities_json]));
    db.prepare('DELETE FROM predictions WHERE run_id = ?').run(run.id);

    const game = [...plays.values()][0]!.gameId;
    const one = await predictRun(db, run.id, { gameId: game });
    expect(one.plays).toBe([...plays.values()].filter((p) => p.gameId === game).length);
    await predictRun(db, run.id);
    const after = predictionsOf(db, run.id);
    expect(after).toHaveLength(plays.size);
    for (const row of after) {
      const a = JSON.parse(before.get(row.play_id)!) as Record<string, number>;
      const b = JSON.parse(row.probabilities_json) as Record<string, number>;
      for (const key of Object.keys(a)) expect(b[key]).toBeCloseTo(a[key]!, 5);
    }
    // No play has a model-given label yet: nothing is unlabelled.
    expect((await predictRun(db, run.id, { unlabeled: true })).plays).toBe(0);
    db.close();
  });

  it('refuses a library with labelled plays from a single game, and says why', async () => {
    const dir = tempDir();
    const { db, cache, spec } = await library(dir, 1, 8, 4);
    const run = createRun(db, 'test', spec());
    await expect(trainRun(db, cache, run.id)).rejects.toThrow(/at least 2 games/);
    expect(getRun(db, run.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/at least 2 games/) });
    expect(fs.existsSync(checkpointFile(db, run.id))).toBe(false);
    db.close();
  });
});

describe('the training service', () => {
  it('serves the review queue least confident first, filtered, and only held-out games when asked', async () => {
    const dir = tempDir();
    const { db, cache, spec } = await library(dir, 5, 10, 4);
    const run = createRun(db, 'test', spec({ epochs: 3 }));
    await trainRun(db, cache, run.id);
    const app = new AppServiceImpl('cli', db.name);
    const training = new TrainingServiceImpl(db, app, new LibraryServiceImpl(db));

    const queue = await training.reviewQueue({});
    expect(queue.runId).toBe(run.id);
    expect(queue.total).toBe(50);
    const confidences = queue.items.map((i) => i.prediction.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => a - b));

    const predicted = queue.items[0]!.prediction.playType;
    const filtered = await training.reviewQueue({ runId: run.id, predictedType: predicted });
    expect(filtered.items.every((i) => i.prediction.playType === predicted)).toBe(true);
    expect(filtered.total).toBe(queue.items.filter((i) => i.prediction.playType === predicted).length);

    const heldOut = await training.reviewQueue({ heldOutOnly: true });
    const heldOutGames = getRun(db, run.id).split!.heldOutGameIds;
    expect(heldOut.total).toBe(getRun(db, run.id).evaluation!.plays);
    expect(heldOut.items.every((i) => i.heldOut && heldOutGames.includes(i.play.gameId))).toBe(true);

    const listed = await training.listRuns({});
    expect(listed[0]).toMatchObject({ id: run.id, status: 'finished', metrics: { heldOutGames: heldOutGames.length } });
    expect((await training.getRun({ runId: run.id })).epochs.length).toBe(listed[0]!.epochsDone);
    await training.dispose();
    db.close();
  });
});
