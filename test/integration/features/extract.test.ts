import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractFeatures } from '../../../main/features/extract.js';
import { importSeason } from '../../../main/import/import-season.js';
import { readFeatures } from '../../../main/library/repositories/features.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { openFilmRoom, type FilmRoom } from '../../../main/services/index.js';
import { writeHandSeason } from '../../helpers/season.js';
import { tempDir } from '../../helpers/temp.js';

describe('feature extraction over the library’s clips', () => {
  let room: FilmRoom | undefined;
  afterEach(async () => {
    await room?.close();
    room = undefined;
  });

  async function importedLibrary(plays = 3) {
    const dir = tempDir();
    const season = writeHandSeason(path.join(dir, 'season'), { games: 1, playsPerGame: plays });
    room = openFilmRoom({ libraryPath: path.join(dir, 'library.db'), frontDoor: 'cli' });
    room.db.prepare("UPDATE settings SET value = '32' WHERE key = 'frame_size'").run();
    const cache = ClipCache.besideLibrary(room.db.name);
    await importSeason(room.db, { target: season.dir, clipCache: cache });
    return { room, cache };
  }

  it('computes every clip once per signature, and nothing on a second run', async () => {
    const { room, cache } = await importedLibrary();
    const options = { weights: 'random:3', cut: 'block2_pool', pooling: 'avg' as const };
    const first = await extractFeatures(room.db, cache, options);
    expect(first).toMatchObject({ computed: 3, cached: 0, dim: 128, errors: [] });
    expect(first.engine).toMatch(/onnxruntime/);
    const second = await extractFeatures(room.db, cache, options);
    expect(second).toMatchObject({ computed: 0, cached: 3, featureSetId: first.featureSetId, signature: first.signature });
    // A different pooling is a different signature: computed afresh.
    const grid = await extractFeatures(room.db, cache, { ...options, pooling: 'grid', grid: 2 });
    expect(grid).toMatchObject({ computed: 3, dim: 512 });
    expect(grid.signature).not.toBe(first.signature);
  });

  it('stores what the TensorFlow.js reference computes, to 1e-4 and float16 storage’s rounding, whichever engine ran', async () => {
    const { room, cache } = await importedLibrary(2);
    const onnx = await extractFeatures(room.db, cache, { weights: 'random:5', cut: 'block3_pool', pooling: 'max', engine: 'onnx' });
    const onnxFeatures = (room.db.prepare('SELECT clip_id FROM features WHERE feature_set_id = ?').all(onnx.featureSetId) as { clip_id: number }[]).map((r) => readFeatures(room.db, r.clip_id, onnx.featureSetId)!);
    // Same signature through the other engine: clear the cache first so it really computes.
    room.db.prepare('DELETE FROM features WHERE feature_set_id = ?').run(onnx.featureSetId);
    const tfjs = await extractFeatures(room.db, cache, { weights: 'random:5', cut: 'block3_pool', pooling: 'max', engine: 'tfjs' });
    expect(tfjs.engine).toMatch(/tfjs/);
    expect(tfjs.featureSetId).toBe(onnx.featureSetId);
    const tfjsFeatures = (room.db.prepare('SELECT clip_id FROM features WHERE feature_set_id = ?').all(tfjs.featureSetId) as { clip_id: number }[]).map((r) => readFeatures(room.db, r.clip_id, tfjs.featureSetId)!);
    expect(onnxFeatures).toHaveLength(2);
    let maxValue = 0;
    onnxFeatures.forEach((a) => a.forEach((v) => (maxValue = Math.max(maxValue, Math.abs(v)))));
    // Each engine's value is stored as the nearest float16: two values 1e-4 apart may round to
    // neighbouring halves, one step (2^-10 of the value) apart.
    let worst = 0;
    onnxFeatures.forEach((a, clip) => a.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - tfjsFeatures[clip]![i]!) / (1e-4 * Math.max(1, maxValue) + Math.abs(v) * 2 ** -10));
    }));
    expect(onnxFeatures[0]!.length).toBe(40 * 256);
    expect(maxValue).toBeGreaterThan(0); // the comparison is not between two arrays of zeros
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('reports a damaged clip file, goes on with the others, and a cancelled run resumes', async () => {
    const { room, cache } = await importedLibrary(3);
    const clips = room.db.prepare('SELECT path FROM clips ORDER BY id').all() as { path: string }[];
    fs.truncateSync(cache.absolutePath(clips[1]!.path), 100);
    const report = await extractFeatures(room.db, cache, { weights: 'random', cut: 'block1_pool', pooling: 'avg' });
    expect(report.computed).toBe(2);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.file).toBe(cache.absolutePath(clips[1]!.path));
    expect(report.errors[0]!.reason).toMatch(/unreadable clip.*re-import/);

    const controller = new AbortController();
    const cancelled = extractFeatures(room.db, cache, {
      weights: 'random',
      cut: 'block1_pool',
      pooling: 'max',
      signal: controller.signal,
      onProgress: ({ stage, done }) => {
        if (stage === 'features' && done === 1) controller.abort();
      },
    });
    await expect(cancelled).rejects.toThrow(/cancelled/);
    const resumed = await extractFeatures(room.db, cache, { weights: 'random', cut: 'block1_pool', pooling: 'max' });
    expect(resumed.cached).toBe(1);
    expect(resumed.computed).toBe(1); // the third clip; the damaged one is reported again
  });

  it('refuses a cut deeper than the weights reach and an unknown cut, naming the choices', async () => {
    const { room, cache } = await importedLibrary(1);
    await expect(extractFeatures(room.db, cache, { weights: 'random', cut: 'block9_pool', pooling: 'avg' })).rejects.toThrow(/not a VGG16 layer.*block1_conv1/);
    await expect(extractFeatures(room.db, cache, { weights: 'nonexistent', cut: 'block1_pool', pooling: 'avg' })).rejects.toThrow(/No weight set "nonexistent".*random/);
  });
});
