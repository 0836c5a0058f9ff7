/**
 * A head run's memory does not grow with the number of plays: it reads its features from the shard
 * files a batch at a time. Measured as the live JS memory (V8 heap plus typed arrays' buffers, after a
 * full collection) at every training batch, epoch and prediction batch of a real run, on N and on 4N
 * plays written through the library's own feature writer. Loading the whole set, as runs did before,
 * keeps every clip's float32 values (twice: the set and its training and validation copies) for the
 * whole run, and fails this test: it measured 11.9 MB on 150 plays and 47.4 MB on 600.
 */
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../../main/library/index.js';
import { createRun, getRun } from '../../../main/library/repositories/training-runs.js';
import { ClipCache } from '../../../main/media/clip-cache.js';
import { trainRun } from '../../../main/training/run-training.js';
import { seedFeatureLibrary } from '../../helpers/feature-library.js';
import { tempDir } from '../../helpers/temp.js';

v8.setFlagsFromString('--expose-gc');
// Free a dead typed array's buffer during the collection itself, not later on a background thread,
// so what a full collection leaves is what is live.
v8.setFlagsFromString('--no-concurrent-array-buffer-sweeping');
const collect = vm.runInNewContext('gc') as () => void;

const FRAMES = 40;
const DIM = 256;
const PLAYS_PER_GAME = 25;
const FLOAT32_BYTES_PER_PLAY = FRAMES * DIM * 4;
const CACHE_BYTES = 2 ** 20;

function liveBytes(): number {
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** How far live memory rose above where it stood before the run, at its highest. */
async function growthOfOneEpoch(games: number): Promise<{ plays: number; growth: number }> {
  const db = openLibrary(path.join(tempDir(), 'library.filmroom.db'));
  try {
    const { spec, plays } = await seedFeatureLibrary(db, { games, playsPerGame: PLAYS_PER_GAME, types: 4, frames: FRAMES, dim: DIM });
    const run = createRun(db, 'memory', spec({ epochs: 1, batchSize: 32, head: { units: 8 } }));
    const before = liveBytes();
    let peak = before;
    const sample = () => (peak = Math.max(peak, liveBytes()));
    // The shaped-clip cache kept across epochs is bounded by its budget, not by the plays: 1 MiB here
    // (far below either season's clips), so what this measures is the streaming's own memory.
    await trainRun(db, ClipCache.besideLibrary(db.name), run.id, { backend: 'wasm', onProgress: sample, onEpoch: sample, featureCacheBytes: CACHE_BYTES });
    expect(getRun(db, run.id).status).toBe('finished');
    return { plays: plays.size, growth: peak - before };
  } finally {
    db.close();
  }
}

describe('a head run on streamed features', () => {
  // Loads the modules, and grows the backend's WebAssembly memory (which never shrinks) to what a
  // batch needs, so neither counts below: a first run on N plays.
  beforeAll(async () => {
    await growthOfOneEpoch(6);
  }, 300_000);

  it('keeps its live memory flat from N to 4N plays', async () => {
    const small = await growthOfOneEpoch(6);
    const large = await growthOfOneEpoch(24);
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    const wholeSet = (plays: number) => plays * FLOAT32_BYTES_PER_PLAY;
    console.log(
      `live memory growth: ${small.plays} plays ${mb(small.growth)} MB, ${large.plays} plays ${mb(large.growth)} MB` +
      ` (their features as float32: ${mb(wholeSet(small.plays))} MB and ${mb(wholeSet(large.plays))} MB)`,
    );
    // The extra plays' features would add ≥ 1× their float32 size if any copy of the set stayed in memory.
    expect(large.growth - small.growth).toBeLessThan(0.2 * (wholeSet(large.plays) - wholeSet(small.plays)));
    // Well under 4× (the whole-set loader measured 11.9 MB and 47.4 MB here): at most twice, plus 2 MB
    // for the per-play records (ids, labels, stored predictions) and the collector's noise.
    expect(large.growth).toBeLessThan(2 * small.growth + 2 * 2 ** 20);
    // Both seasons fill the cache's budget: it is in both figures, never more than it.
    expect(wholeSet(small.plays)).toBeGreaterThan(CACHE_BYTES);
  }, 600_000);
});
