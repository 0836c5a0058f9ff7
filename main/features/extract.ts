import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { selectGames, type GameSelection } from '../library/game-selection.js';
import { gamesInWorkOrder } from '../library/repositories/games.js';
import { CancelledError } from '../../shared/errors.js';
import { clipsLackingFeatures, countFeatures, ensureFeatureSet, FeatureSetRows, findFeatureSet } from '../library/repositories/features.js';
import { playsWithoutClipOfShape } from '../library/repositories/plays-without-clips.js';
import { readSettings } from '../library/repositories/settings.js';
import type { ClipCache } from '../media/clip-cache.js';
import { storeClip } from '../media/store-clip.js';
import { DEFAULT_GRID, type PoolingMode } from '../ml/tfjs/pooling.js';
import { layersUpTo, VGG16_LAYER_NAMES } from '../ml/vgg16/architecture.js';
import { openFeatureEngine, type EngineChoice } from './engines.js';
import { signatureOf } from './signature.js';
import { loadWeightSet } from './weights-registry.js';

export interface ExtractOptions {
  /** A weight set's name or id, or `random` / `random:SEED`. */
  weights: string;
  cut: string;
  pooling: PoolingMode;
  grid?: number;
  /** S; default the library's frame size. */
  size?: number;
  engine?: EngineChoice;
  /** Only the clips of these games (by video file name order): one unit of a split extraction. */
  games?: GameSelection;
  signal?: AbortSignal;
  onProgress?: (progress: { stage: 'clips' | 'features'; done: number; total: number }) => void;
}

export interface ExtractReport {
  engine: string;
  featureSetId: number;
  signature: string;
  dim: number;
  /** Clips whose features were computed by this run. */
  computed: number;
  /** Clips whose features were already cached for this signature. */
  cached: number;
  /** Clips sampled first because none existed at this frame size. */
  clipsSampled: number;
  framesPerSecond: number;
  seconds: number;
  /** Clips that could not be read (missing or damaged files): skipped, the rest went on. */
  errors: { file: string; reason: string }[];
}

/**
 * Computes features for every clip lacking them for the backbone signature and stores them in
 * the library, a clip at a time (so a cancelled or killed run keeps what it finished and the next
 * run resumes). The next clip is read from disk while the engine works on the current one.
 */
export async function extractFeatures(db: Database, cache: ClipCache, options: ExtractOptions): Promise<ExtractReport> {
  const started = performance.now();
  const frames = readSettings(db).clipFrames;
  const size = options.size ?? readSettings(db).frameSize;
  layersUpTo(options.cut); // throws with the valid names for an unknown cut
  const { record, weights } = await loadWeightSet(db, options.weights);
  if (VGG16_LAYER_NAMES.indexOf(options.cut) > VGG16_LAYER_NAMES.indexOf(record.upTo)) {
    throw new RangeError(`The weight set "${record.name}" reaches only ${record.upTo}: cut at ${record.upTo} or earlier.`);
  }
  const grid = options.pooling === 'grid' ? (options.grid ?? DEFAULT_GRID) : undefined;
  const signature = signatureOf({ weightsSha256: record.sha256, cut: options.cut, pooling: options.pooling, size, frames, ...(grid ? { grid } : {}) });

  const errors: ExtractReport['errors'] = [];
  const gameIds = selectedGameIds(db, options.games);
  const clipsSampled = await sampleMissingClips(db, cache, frames, size, options, errors, gameIds);
  const existing = findFeatureSet(db, signature);
  if (existing && clipsLackingFeatures(db, existing.id, frames, size, gameIds).length === 0) {
    // Everything is cached: no need to build an engine (seconds of graph building) to compute nothing.
    return {
      engine: 'none (all cached)', featureSetId: existing.id, signature, dim: existing.dim, computed: 0, cached: countFeatures(db, existing.id),
      clipsSampled, framesPerSecond: 0, seconds: (performance.now() - started) / 1000, errors,
    };
  }
  const engine = await openFeatureEngine({ weights, cut: options.cut, pooling: options.pooling, size, ...(grid ? { grid } : {}) }, options.engine);
  try {
    const set = ensureFeatureSet(db, { signature, weightSetId: record.id, weightsSha256: record.sha256, cutLayer: options.cut, pooling: options.pooling, size, frames, dim: engine.featureDim });
    const owed = clipsLackingFeatures(db, set.id, frames, size, gameIds);
    const cached = countFeatures(db, set.id);
    const frameBytes = size * size * 3;
    const computeStarted = performance.now();
    options.onProgress?.({ stage: 'features', done: 0, total: owed.length });
    let computed = 0;
    const read = (index: number) => {
      const clip = owed[index];
      if (!clip) return undefined;
      const pending = cache.readAsync(clip.path);
      pending.catch(() => undefined); // reported when awaited, never as an unhandled rejection
      return pending;
    };
    const stored = new FeatureSetRows(db, set);
    let next = read(0);
    try {
      for (let i = 0; i < owed.length; i++) {
        if (options.signal?.aborted) throw new CancelledError('Extraction was cancelled; run it again to continue where it stopped.');
        const clip = owed[i]!;
        const current = next!;
        next = read(i + 1); // the disk works on the next clip while the engine works on this one
        let rgb: Uint8Array;
        try {
          rgb = await current;
          if (rgb.length !== frames * frameBytes) throw new Error(`it holds ${rgb.length} bytes, expected ${frames * frameBytes}`);
        } catch (error) {
          errors.push({ file: cache.absolutePath(clip.path), reason: `unreadable clip (${(error as Error).message}): re-import its game to rebuild it` });
          continue;
        }
        stored.append([{ clipId: clip.id, engine: engine.engine, data: await engine.extract(rgb, frames) }]);
        computed += 1;
        options.onProgress?.({ stage: 'features', done: i + 1, total: owed.length });
      }
    } finally {
      stored.close();
    }
    const computeSeconds = (performance.now() - computeStarted) / 1000;
    return {
      engine: engine.engine,
      featureSetId: set.id,
      signature,
      dim: engine.featureDim,
      computed,
      cached,
      clipsSampled,
      framesPerSecond: computed > 0 ? (computed * frames) / computeSeconds : 0,
      seconds: (performance.now() - started) / 1000,
      errors,
    };
  } finally {
    await engine.dispose();
  }
}

/** The ids of the selected games, or undefined for all of them. */
function selectedGameIds(db: Database, selection: GameSelection | undefined): number[] | undefined {
  if (!selection || selection.kind === 'all') return undefined;
  const byName = gamesInWorkOrder(db).sort((a, b) => compare(path.basename(a.videoPath), path.basename(b.videoPath)) || compare(a.contentHash, b.contentHash));
  return selectGames(byName, selection).map((game) => game.id);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Clips at a frame size the import did not make are sampled from the games' videos first. */
async function sampleMissingClips(db: Database, cache: ClipCache, frames: number, size: number, options: ExtractOptions, errors: ExtractReport['errors'], gameIds: number[] | undefined): Promise<number> {
  const wanted = gameIds && new Set(gameIds);
  const plays = playsWithoutClipOfShape(db, frames, size).filter((play) => !wanted || wanted.has(play.gameId));
  let sampled = 0;
  for (const [i, play] of plays.entries()) {
    if (options.signal?.aborted) throw new CancelledError('Extraction was cancelled; run it again to continue where it stopped.');
    options.onProgress?.({ stage: 'clips', done: i, total: plays.length });
    try {
      await storeClip(db, cache, { playId: play.playId, video: play.videoPath, videoInfo: play, gameHash: play.contentHash, startS: play.startS, endS: play.endS, frames, size }, options.signal);
      sampled += 1;
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError('Extraction was cancelled; run it again to continue where it stopped.');
      errors.push({ file: play.videoPath, reason: `play ${play.startS}–${play.endS} s could not be sampled at ${size}×${size}: ${(error as Error).message}` });
    }
  }
  return sampled;
}
