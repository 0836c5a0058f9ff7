/**
 * A streamed run reads its plays' features from the set's files for hours; meanwhile an analyst may
 * trim, split, merge or delete plays in Review, which deletes those plays' clips and features. The
 * run must keep the rows (and labels) it started with, the writer must never hand a row a run still
 * reads to new features, and a prediction made from a play's old span must be stored as stale.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deletePlay, mergePlays, splitPlay, trimPlay } from '../../../main/coding/coding-operations.js';
import { openFeatureSet } from '../../../main/features/feature-set-reader.js';
import { openLibrary } from '../../../main/library/index.js';
import { insertClip } from '../../../main/library/repositories/clips.js';
import { featureAddressesOfPlays, insertFeatures } from '../../../main/library/repositories/features.js';
import { storePredictions } from '../../../main/library/repositories/predictions.js';
import { listPlayTypes } from '../../../main/library/repositories/taxonomy.js';
import { createRun, getRun } from '../../../main/library/repositories/training-runs.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { initTfjs } from '../../../main/ml/tfjs/backend.js';
import { trainRun } from '../../../main/training/run-training.js';
import { seedFeatureLibrary } from '../../helpers/feature-library.js';
import { tempDir } from '../../helpers/temp.js';

const FRAMES = 4;
const DIM = 3;

async function seeded(games = 2, playsPerGame = 3) {
  const db = openLibrary(path.join(tempDir(), 'lib.filmroom.db'));
  const lib = await seedFeatureLibrary(db, { games, playsPerGame, frames: FRAMES, dim: DIM, types: 3 });
  return { db, lib, ids: [...lib.plays.keys()] };
}

describe('a feature reader while plays are edited', () => {
  it('reads the rows it pinned after a trim, split, merge and delete took those plays\' features away', async () => {
    const { db, lib, ids } = await seeded();
    const reader = openFeatureSet(db, lib.featureSetId);
    reader.pin(ids);
    const before = reader.rows(ids);
    // Game 1: plays at 0–6, 10–16, 20–26; game 2 the same.
    trimPlay(db, { playId: ids[0]!, endS: 3 });
    splitPlay(db, { playId: ids[1]!, atS: 13 });
    mergePlays(db, { firstPlayId: ids[3]!, secondPlayId: ids[4]! });
    deletePlay(db, { playId: ids[5]! });
    expect(featureAddressesOfPlays(db, lib.featureSetId, ids).size).toBe(1); // only play 3 of game 1 keeps its features
    expect(reader.rows(ids)).toEqual(before);
    reader.close();
    db.close();
  });

  it('never writes new features over a row a reader pinned, even after that row\'s clip was deleted', async () => {
    const { db, lib, ids } = await seeded(1, 3);
    const last = ids[2]!;
    const reader = openFeatureSet(db, lib.featureSetId);
    reader.pin(ids);
    const before = reader.rows(ids);
    trimPlay(db, { playId: last, endS: 24 }); // the last row's clip goes: the table's last row is now an earlier one
    const clipId = insertClip(db, { play_id: last, frames: FRAMES, size: 32, path: 'fake/retrimmed.rgb', sha256: 'y' });
    insertFeatures(db, clipId, lib.featureSetId, 'test', new Float32Array(FRAMES * DIM).fill(7));
    const fresh = featureAddressesOfPlays(db, lib.featureSetId, [last]).get(last)!;
    expect(fresh.row).toBe(3); // after rows 0–2, not over row 2
    expect(reader.rows(ids)).toEqual(before);
    const reopened = openFeatureSet(db, lib.featureSetId);
    expect(Array.from(reopened.rows([last]))).toEqual(new Array(FRAMES * DIM).fill(7));
    reopened.close();
    reader.close();
    db.close();
  });

  it('stores a prediction from a clip the play no longer has as stale, and none for a deleted play', async () => {
    const { db, lib, ids } = await seeded(1, 3);
    const run = createRun(db, 'stale', lib.spec({ epochs: 1 }));
    const reader = openFeatureSet(db, lib.featureSetId);
    reader.pin(ids);
    trimPlay(db, { playId: ids[0]!, endS: 3 });
    deletePlay(db, { playId: ids[2]! });
    const type = listPlayTypes(db)[0]!.id;
    const prediction = { playType: type, confidence: 0.9, probabilities: { [type]: 0.9 } };
    storePredictions(db, run.id, ids.map((playId) => ({ playId, forSpan: reader.spanOf(playId), ...prediction })));
    const stored = db.prepare('SELECT play_id AS playId, stale_at IS NOT NULL AS stale FROM predictions WHERE run_id = ? ORDER BY play_id').all(run.id);
    expect(stored).toEqual([{ playId: ids[0], stale: 1 }, { playId: ids[1], stale: 0 }]);
    reader.close();
    db.close();
  });
});

describe('a streamed training run while plays are edited', () => {
  beforeAll(async () => {
    await initTfjs('wasm');
  });

  it('finishes when plays are trimmed, split, merged and deleted mid-run; the edited plays\' predictions are stale', async () => {
    const { db, lib, ids } = await seeded(4, 6);
    const run = createRun(db, 'edited', lib.spec({ epochs: 3, batchSize: 4, head: { units: 8 } }));
    // Plays per game at 0–6, 10–16, …, 50–56. Edit plays of every game, once the training has begun.
    const [trimmed, split, mergedInto, mergedAway, deleted] = [ids[0]!, ids[7]!, ids[13]!, ids[14]!, ids[20]!];
    let edited = false;
    const result = await trainRun(db, ClipCache.besideLibrary(db.name), run.id, {
      onProgress: (p) => {
        if (p.stage !== 'training' || edited) return;
        edited = true;
        trimPlay(db, { playId: trimmed, endS: 3 });
        splitPlay(db, { playId: split, atS: 13 });
        mergePlays(db, { firstPlayId: mergedInto, secondPlayId: mergedAway });
        deletePlay(db, { playId: deleted });
      },
    });
    expect(edited).toBe(true);
    expect(result.run.status).toBe('finished');
    expect(getRun(db, run.id).error).toBeNull();
    const stored = new Map((db.prepare('SELECT play_id AS playId, stale_at IS NOT NULL AS stale FROM predictions WHERE run_id = ?').all(run.id) as { playId: number; stale: number }[])
      .map((r) => [r.playId, r.stale]));
    expect([trimmed, split, mergedInto].map((id) => stored.get(id))).toEqual([1, 1, 1]);
    expect([mergedAway, deleted].map((id) => stored.has(id))).toEqual([false, false]);
    const untouched = ids.filter((id) => ![trimmed, split, mergedInto, mergedAway, deleted].includes(id));
    expect(untouched.map((id) => stored.get(id))).toEqual(untouched.map(() => 0));
    db.close();
  }, 60_000);
});
