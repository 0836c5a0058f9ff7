/**
 * How fast this machine is for one spec, measured rather than guessed: the feature engine that
 * extraction would use computes a few random frames at the spec's cut and size, and the spec's head
 * trains one epoch on a few random clips of the features' width. The training form turns these
 * into its "about N min" (extraction for the plays not cached, plus the epochs).
 */
import type { Database } from 'better-sqlite3';
import type { ModelSpec } from '../../shared/api/model-spec.js';
import type { TrainingSpeed } from '../../shared/api/training.js';
import { openFeatureEngine } from '../features/engines.js';
import { loadWeightSet } from '../features/weights-registry.js';
import type { ClipSet } from '../ml/head/data.js';
import { disposeHead, trainHead } from '../ml/head/train.js';
import { initTfjs } from '../ml/tfjs/backend.js';
import { createRng } from '../system/prng.js';

/** Frames timed after one warm-up frame (the first call builds kernels and caches). */
const TIMED_FRAMES = 4;
const TIMED_CLIPS = 24;
const CLASSES = 11;

function randomClips(count: number, frames: number, dim: number, seed: number): ClipSet {
  const rng = createRng(seed);
  return {
    x: Float32Array.from({ length: count * frames * dim }, () => rng.normal()),
    y: Int32Array.from({ length: count }, (_, i) => i % CLASSES),
    count, frames, dim,
  };
}

export async function measureTrainingSpeed(db: Database, spec: ModelSpec): Promise<TrainingSpeed> {
  const { cut, pooling, grid, size, frames } = spec.backbone;
  // Random weights compute exactly as fast as trained ones of the same shape.
  const { weights } = await loadWeightSet(db, 'random');
  const engine = await openFeatureEngine({ weights, cut, pooling, ...(grid ? { grid } : {}), size });
  let extractSecondsPerFrame: number;
  const dim = engine.featureDim;
  try {
    const frameBytes = size * size * 3;
    const rng = createRng(7);
    const pixels = Uint8Array.from({ length: frameBytes * TIMED_FRAMES }, () => rng.int(0, 255));
    await engine.extract(pixels.subarray(0, frameBytes), 1);
    const started = performance.now();
    await engine.extract(pixels, TIMED_FRAMES);
    extractSecondsPerFrame = (performance.now() - started) / 1000 / TIMED_FRAMES;
  } finally {
    await engine.dispose();
  }
  await initTfjs('node-gpu');
  const clipFrames = frames ?? 40;
  const train = randomClips(TIMED_CLIPS, clipFrames, dim, 1);
  const validation = randomClips(Math.max(2, TIMED_CLIPS / 4), clipFrames, dim, 2);
  const started = performance.now();
  const result = await trainHead({ spec: { ...spec, epochs: 1 }, train, validation, classes: CLASSES });
  const trainSecondsPerClip = (performance.now() - started) / 1000 / (train.count + validation.count);
  disposeHead(result.model);
  return { engine: engine.engine, extractSecondsPerFrame, trainSecondsPerClip };
}
