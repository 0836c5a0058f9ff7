/**
 * One honest split for every kind of run: the held-out games that score a run never steer its early
 * stopping. Head runs (cached features), fine-tuning (clip model), a stack on a cut and `backbone
 * train` (frame models) all split with the same function into training, validation and held-out
 * games; early stopping watches the validation games only.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { StackLayers, TransferRunSpec } from '../../../shared/api/transfer.js';
import { openLibrary, type Database } from '../../../main/library/index.js';
import { createRun, getRun, listEpochs } from '../../../main/library/repositories/training-runs.js';
import { listPlayClips } from '../../../main/library/repositories/training-clips.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { evaluateSet } from '../../../main/ml/loop/samples.js';
import { predictHead } from '../../../main/ml/head/model.js';
import { shapeTemporalInput } from '../../../main/ml/head/temporal-input.js';
import { disposeHead } from '../../../main/ml/head/train.js';
import { loadFeatureClips, subset } from '../../../main/training/dataset.js';
import { applyScaling } from '../../../main/training/feature-scaling.js';
import { loadRunModel } from '../../../main/training/predict.js';
import { trainRun } from '../../../main/training/run-training.js';
import { runTransfer } from '../../../main/training/run-transfer.js';
import { seedFeatureLibrary } from '../../helpers/feature-library.js';
import { handSeasonLibrary } from '../../helpers/season.js';
import { suiteTempDir, tempDir } from '../../helpers/temp.js';

/** The library's own clip cache, noting which clips are read and in which stage of the run. */
class WatchedCache extends ClipCache {
  stage = 'loading';
  readonly reads: { path: string; stage: string }[] = [];
  override async readAsync(relativePath: string): Promise<Uint8Array> {
    this.reads.push({ path: relativePath, stage: this.stage });
    return super.readAsync(relativePath);
  }
}

describe('a head run', () => {
  it('stops early on its validation games: the loss it watched is the final model’s loss on them, not on the held-out games', async () => {
    const db = openLibrary(path.join(tempDir(), 'library.filmroom.db'));
    const { spec } = await seedFeatureLibrary(db, { games: 8, playsPerGame: 10, types: 4, noise: 1 });
    // Keep the last epoch's weights, so the last stored validation loss belongs to the model the run keeps.
    const run = createRun(db, 'honest', spec({ epochs: 3, earlyStopping: { patience: 10, restoreBest: false } }));
    await trainRun(db, ClipCache.besideLibrary(db.name), run.id);
    const stored = getRun(db, run.id);
    const split = stored.split!;
    expect(split.validationGameIds.length).toBeGreaterThan(0);
    expect(split.heldOutGameIds.filter((g) => split.validationGameIds.includes(g) || split.trainGameIds.includes(g))).toEqual([]);

    const { model, featureSetId, frames, dim, classIds, scaling, head } = await loadRunModel(db, run.id);
    const lossOn = (games: number[]) => {
      const clips = loadFeatureClips(db, { featureSetId, frames, dim, classIds, gameIds: games });
      Object.assign(clips, shapeTemporalInput(applyScaling(clips.x, scaling), clips.frames, clips.dim, head));
      const set = subset(clips, clips.plays.map((_, i) => i));
      return evaluateSet(predictHead(model, set.x, set.count), set.y, classIds.length).loss;
    };
    const watched = listEpochs(db, run.id).at(-1)!.valLoss!;
    expect(watched).toBeCloseTo(lossOn(split.validationGameIds), 4);
    expect(Math.abs(watched - lossOn(split.heldOutGameIds))).toBeGreaterThan(1e-3);
    disposeHead(model);
    db.close();
  });
});

describe('transfer runs', () => {
  const dir = suiteTempDir();
  const library = path.join(dir, 'library.filmroom.db');
  let db: Database;

  beforeAll(async () => {
    await handSeasonLibrary(library, { games: 4, playsPerGame: 3, frameSize: 32 });
    db = openLibrary(library);
    return () => db.close();
  });

  const backbone = { weights: 'random:3', cut: 'block1_pool' as const, size: 32, frames: 2 };
  const kinds: [string, TransferRunSpec][] = [
    ['finetune (a clip model)', TransferRunSpec.parse({ model: { kind: 'clip', backbone, trainable: ['block1_conv2'], head: { units: 4 } }, epochs: 2 })],
    ['a stack on a cut (a frame model)', TransferRunSpec.parse({ model: { kind: 'frame', backbone, stack: StackLayers.parse([{ type: 'flatten' }, { type: 'dense', units: 8 }]) }, epochs: 2 })],
    ['backbone train (all convs of a frame model)', TransferRunSpec.parse({ model: { kind: 'frame', backbone, trainable: ['all'], stack: StackLayers.parse([{ type: 'globalAvgPool2d' }]) }, epochs: 2 })],
  ];

  for (const [name, spec] of kinds) {
    it(`${name}: reads no held-out clip until training is over, and watches its validation games`, async () => {
      const cache = new WatchedCache(ClipCache.besideLibrary(library).root);
      const result = await runTransfer(db, cache, spec, { onProgress: ({ stage }) => (cache.stage = stage) });
      const { split } = result;
      expect(split.validationGameIds.length).toBeGreaterThan(0);
      const sides = [...split.trainGameIds, ...split.validationGameIds, ...split.heldOutGameIds];
      expect(new Set(sides).size).toBe(sides.length);

      const gameOf = new Map(listPlayClips(db, { frames: 40, size: 32 }).map((c) => [c.path, c.gameId]));
      const during = cache.reads.filter((r) => r.stage === 'loading' || r.stage === 'training').map((r) => gameOf.get(r.path)!);
      expect(during.filter((g) => split.heldOutGameIds.includes(g))).toEqual([]);
      expect(during.some((g) => split.validationGameIds.includes(g))).toBe(true);
      // …and the held-out games are what the run is scored on, afterwards.
      const after = cache.reads.filter((r) => r.stage === 'predicting' || r.stage === 'evaluating').map((r) => gameOf.get(r.path)!);
      expect(after.some((g) => split.heldOutGameIds.includes(g))).toBe(true);
      expect(getRun(db, result.runId).evaluation!.games).toBe(split.heldOutGameIds.length);
    });
  }
});
