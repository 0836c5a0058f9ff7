/**
 * A head run reads its features from the float16 shard files a batch at a time. These tests hold the
 * streamed batches against the files decoded here by hand, the streamed training against the same
 * training on the whole set held in memory (same starting weights, same seed), and the run against
 * its split: before the held-out evaluation begins, no held-out play is ever read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as tf from '@tensorflow/tfjs';
import { FeatureSetFileReader, SHARD_HEADER_BYTES, shardFile, featureSetFolder, type RowAddress } from '../../../main/library/feature-files.js';
import { openLibrary, type Database } from '../../../main/library/index.js';
import { getFeatureSet } from '../../../main/library/repositories/features.js';
import { listPlayTypes } from '../../../main/library/repositories/taxonomy.js';
import { createRun, getRun } from '../../../main/library/repositories/training-runs.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { restoreWeights, snapshotWeights } from '../../../main/ml/head/data.js';
import { buildHead } from '../../../main/ml/head/model.js';
import { disposeHead } from '../../../main/ml/head/train.js';
import { shapeTemporalInput } from '../../../main/ml/head/temporal-input.js';
import { fit, type FitResult } from '../../../main/ml/loop/fit.js';
import { clipSetSamples, type SampleSet } from '../../../main/ml/loop/samples.js';
import { initTfjs } from '../../../main/ml/tfjs/backend.js';
import { listFeaturePlays, openFeatureSetOfShape, type FeaturePlay } from '../../../main/training/dataset.js';
import { fitScalingFromFiles, headFeatures, streamedSamples } from '../../../main/training/feature-batches.js';
import { applyScaling } from '../../../main/training/feature-scaling.js';
import { trainRun } from '../../../main/training/run-training.js';
import { seedFeatureLibrary } from '../../helpers/feature-library.js';
import { tempDir } from '../../helpers/temp.js';

const FRAMES = 8;
const DIM = 6;
const HEAD = { segments: 3, deltas: true };

beforeAll(async () => {
  await initTfjs('wasm');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** binary16 → number, written from the IEEE 754 definition (not the app's table). */
function half(bits: number): number {
  const sign = bits >> 15 ? -1 : 1;
  const exponent = (bits >> 10) & 31;
  const fraction = bits & 1023;
  if (exponent === 0) return sign * (fraction / 1024) * 2 ** -14;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Each play's features, read straight from the shard files by the addresses SQLite holds. */
function decodeByHand(db: Database, featureSetId: number, plays: readonly FeaturePlay[]): Float32Array {
  const set = getFeatureSet(db, featureSetId)!;
  const folder = featureSetFolder(db.name, set.signature);
  const address = new Map(
    (db.prepare('SELECT c.play_id AS playId, f.shard, f.row FROM features f JOIN clips c ON c.id = f.clip_id WHERE f.feature_set_id = ?')
      .all(featureSetId) as (RowAddress & { playId: number })[]).map((a) => [a.playId, a]),
  );
  const clip = FRAMES * DIM;
  const x = new Float32Array(plays.length * clip);
  plays.forEach((play, i) => {
    const { shard, row } = address.get(play.playId)!;
    const bytes = fs.readFileSync(shardFile(folder, shard));
    for (let v = 0; v < clip; v++) x[i * clip + v] = half(bytes.readUInt16LE(SHARD_HEADER_BYTES + (row * clip + v) * 2));
  });
  return x;
}

function maxWeightDifference(a: tf.LayersModel, b: tf.LayersModel): number {
  const left = snapshotWeights(a);
  const right = snapshotWeights(b);
  return Math.max(...left.flatMap((w, i) => Array.from(w.data, (v, k) => Math.abs(v - right[i]!.data[k]!))));
}

async function seeded(games = 5, playsPerGame = 12) {
  const db = openLibrary(path.join(tempDir(), 'library.filmroom.db'));
  const library = await seedFeatureLibrary(db, { games, playsPerGame, types: 4, frames: FRAMES, dim: DIM });
  const classIds = listPlayTypes(db).map((t) => t.id);
  const plays = listFeaturePlays(db, { featureSetId: library.featureSetId, classIds });
  return { db, featureSetId: library.featureSetId, spec: library.spec, truth: library.plays, classIds, plays };
}

describe('streamed features', () => {
  it('reads each batch as the files hold it, standardised with sums over the files and shaped as the whole set would be', async () => {
    const { db, featureSetId, plays } = await seeded();
    const reader = openFeatureSetOfShape(db, { featureSetId, frames: FRAMES, dim: DIM });
    try {
      const byHand = decodeByHand(db, featureSetId, plays);
      // Mean and population deviation per dimension over every frame of the first 40 plays, in float64.
      const train = plays.slice(0, 40);
      const scaling = fitScalingFromFiles(reader, train.map((p) => p.playId));
      for (let d = 0; d < DIM; d++) {
        let sum = 0;
        let squares = 0;
        const values = Array.from({ length: 40 * FRAMES }, (_, r) => byHand[r * DIM + d]!);
        for (const v of values) sum += v;
        const mean = sum / values.length;
        for (const v of values) squares += (v - mean) ** 2;
        expect(scaling.mean[d]).toBeCloseTo(mean, 6);
        expect(scaling.std[d]).toBeCloseTo(Math.sqrt(squares / values.length), 6);
      }
      // A batch in shuffled order equals the same plays cut from the whole set, scaled and shaped at once.
      const features = headFeatures(reader, scaling, HEAD);
      const whole = shapeTemporalInput(applyScaling(byHand, scaling), FRAMES, DIM, HEAD);
      expect([features.frames, features.dim]).toEqual([whole.frames, whole.dim]);
      const picked = [17, 3, 59, 0, 42];
      const batch = features.clips(picked.map((i) => plays[i]!.playId));
      const clip = whole.frames * whole.dim;
      picked.forEach((row, i) => expect(Array.from(batch.subarray(i * clip, (i + 1) * clip))).toEqual(Array.from(whole.x.subarray(row * clip, (row + 1) * clip))));
      expect(() => features.clips([987654])).toThrow('play 987654 has no features in feature set');
    } finally {
      reader.close();
      db.close();
    }
  });

  it('trains to the same per-epoch losses as the whole set held in memory, from the same weights and seed', async () => {
    const { db, featureSetId, plays, classIds } = await seeded();
    const reader = openFeatureSetOfShape(db, { featureSetId, frames: FRAMES, dim: DIM });
    try {
      const trainPlays = plays.filter((p) => p.gameId % 5 !== 0).slice(0, 37); // not a whole number of batches
      const validationPlays = plays.filter((p) => p.gameId % 5 === 0);
      const scaling = fitScalingFromFiles(reader, trainPlays.map((p) => p.playId));
      // The whole-set side: the files decoded here, every clip scaled and shaped in memory.
      const inMemory = (subset: FeaturePlay[]) => {
        const shaped = shapeTemporalInput(applyScaling(decodeByHand(db, featureSetId, subset), scaling), FRAMES, DIM, HEAD);
        return clipSetSamples({ ...shaped, y: Int32Array.from(subset, (p) => p.label), count: subset.length });
      };
      const features = headFeatures(reader, scaling, HEAD);
      const spec = { cell: 'lstm' as const, units: 8, layers: 1, bidirectional: false, dropout: 0, masking: true, ...HEAD, motion: 'none' as const, projection: 0, inputDropout: 0, inputNoise: 0 };
      const shape = { frames: features.frames, dim: features.dim, classes: classIds.length, learningRate: 0.01 };
      const first = buildHead(spec, shape);
      const initial = snapshotWeights(first);
      const train = async (model: tf.LayersModel, trainSet: SampleSet, validationSet: SampleSet, seed: number): Promise<FitResult> => {
        restoreWeights(model, initial);
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        return fit({
          model, groups: [{ name: 'head', variables, optimizer: model.optimizer }], train: trainSet, validation: validationSet, classes: classIds.length,
          epochs: 4, batchSize: 8, classWeighting: 'balanced', earlyStopping: { patience: 10, restoreBest: false }, seed,
        });
      };
      const whole = await train(first, inMemory(trainPlays), inMemory(validationPlays), 7);
      const streamedModel = buildHead(spec, shape);
      const streamed = await train(streamedModel, streamedSamples(features, trainPlays), streamedSamples(features, validationPlays), 7);
      expect(streamed.epochs).toHaveLength(4);
      streamed.epochs.forEach((epoch, i) => {
        expect(epoch.loss).toBeCloseTo(whole.epochs[i]!.loss, 6);
        expect(epoch.valLoss).toBeCloseTo(whole.epochs[i]!.valLoss, 6);
        expect(epoch.accuracy).toBe(whole.epochs[i]!.accuracy);
      });
      // Training moved the weights, both ended at the same ones, and the comparison can tell shuffles
      // apart: another seed, from the same start, ends elsewhere.
      expect(Math.abs(whole.epochs[3]!.loss - whole.epochs[0]!.loss)).toBeGreaterThan(1e-3);
      expect(maxWeightDifference(streamedModel, first)).toBeLessThan(1e-6);
      const reseededModel = buildHead(spec, shape);
      await train(reseededModel, streamedSamples(features, trainPlays), streamedSamples(features, validationPlays), 8);
      expect(maxWeightDifference(reseededModel, first)).toBeGreaterThan(1e-4);
      [first, streamedModel, reseededModel].forEach(disposeHead);
    } finally {
      reader.close();
      db.close();
    }
  });

  it('reads no held-out play before the held-out evaluation: not for the scaling, training or early stopping', async () => {
    const { db, spec, truth } = await seeded(6, 10);
    const run = createRun(db, 'streamed', spec({ epochs: 2, head: { units: 8 } }));
    const addressToPlay = new Map(
      (db.prepare('SELECT c.play_id AS playId, f.shard, f.row FROM features f JOIN clips c ON c.id = f.clip_id').all() as (RowAddress & { playId: number })[])
        .map((a) => [`${a.shard}:${a.row}`, a.playId]),
    );
    let stage = 'features';
    const reads: { playId: number; stage: string }[] = [];
    const read = FeatureSetFileReader.prototype.read;
    vi.spyOn(FeatureSetFileReader.prototype, 'read').mockImplementation(function (this: FeatureSetFileReader, address, out) {
      reads.push({ playId: addressToPlay.get(`${address.shard}:${address.row}`)!, stage });
      return read.call(this, address, out);
    });
    // No clip cache: every play predicted is read from the files here, so the reads show them all.
    await trainRun(db, ClipCache.besideLibrary(db.name), run.id, { onProgress: (p) => (stage = p.stage), featureCacheBytes: 0 });
    const split = getRun(db, run.id).split!;
    const gameOf = (playId: number) => truth.get(playId)!.gameId;
    const before = reads.filter((r) => r.stage === 'features' || r.stage === 'training');
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((r) => split.heldOutGameIds.includes(gameOf(r.playId)))).toEqual([]);
    expect(new Set(before.map((r) => gameOf(r.playId)))).toEqual(new Set([...split.trainGameIds, ...split.validationGameIds]));
    // Then the held-out games are evaluated and every play is predicted.
    const after = reads.slice(before.length);
    expect(after.every((r) => r.stage === 'evaluating' || r.stage === 'predicting')).toBe(true);
    expect(after.some((r) => split.heldOutGameIds.includes(gameOf(r.playId)))).toBe(true);
    expect(new Set(after.map((r) => r.playId)).size).toBe(truth.size);
    db.close();
  });

  it('keeps shaped clips across reads within its byte budget: the same values as uncached, cached plays never read from the files again', async () => {
    const { db, featureSetId, plays } = await seeded();
    const reader = openFeatureSetOfShape(db, { featureSetId, frames: FRAMES, dim: DIM });
    try {
      const scaling = fitScalingFromFiles(reader, plays.map((p) => p.playId));
      const uncached = headFeatures(reader, scaling, HEAD, { cacheBytes: 0 });
      const clipBytes = uncached.frames * uncached.dim * 4;
      // Room for 25 clips and a bit, of the 60.
      const budget = 25 * clipBytes + clipBytes / 2;
      const cached = headFeatures(reader, scaling, HEAD, { cacheBytes: budget });
      const reads: number[] = [];
      const read = FeatureSetFileReader.prototype.read;
      vi.spyOn(FeatureSetFileReader.prototype, 'read').mockImplementation(function (this: FeatureSetFileReader, address, out) {
        reads.push(address.row);
        return read.call(this, address, out);
      });
      const ids = plays.map((p) => p.playId);
      let order = ids;
      for (let pass = 0; pass < 3; pass++) {
        // Batches of 7 in a different order each pass, as epochs read them.
        order = pass === 0 ? ids : [...order.slice(11), ...order.slice(0, 11)].reverse();
        for (let start = 0; start < order.length; start += 7) {
          const batch = order.slice(start, start + 7);
          expect(Array.from(cached.clips(batch))).toEqual(Array.from(uncached.clips(batch)));
          expect(cached.cachedBytes).toBeLessThanOrEqual(budget);
        }
      }
      expect(cached.cachedBytes).toBe(25 * clipBytes);
      // The uncached reader read every play on each of 3 passes; the cached one read its 25 kept plays once.
      const uncachedReads = 3 * ids.length;
      expect(reads.length - uncachedReads).toBe(25 + 3 * (ids.length - 25));
      expect(() => headFeatures(reader, scaling, HEAD, { cacheBytes: -1 })).toThrow('cacheBytes must be 0 or more');
    } finally {
      reader.close();
      db.close();
    }
  });
});
