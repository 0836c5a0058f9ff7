/**
 * Head training at season scale, measured for memory: a library of P (then 4P) plays with block5 avg
 * features (40 × 512 per play) in float16 shard files, written through the library's own writer,
 * and one epoch of a head run on it, each size in a child process of its own so each reports its own
 * peak. Runs stream their features a batch at a time, so the peak should not move with P.
 *
 * The features are random values of the real shape (computing VGG16 block5 for thousands of plays on
 * a CPU takes hours); what is measured is memory, which depends on the shape alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ModelSpec } from '../../shared/api/model-spec.js';
import { signatureOf } from '../features/signature.js';
import { loadWeightSet } from '../features/weights-registry.js';
import { openLibrary } from '../library/database.js';
import { insertClip } from '../library/repositories/clips.js';
import { ensureFeatureSet, FeatureSetRows } from '../library/repositories/features.js';
import { insertGame } from '../library/repositories/games.js';
import { insertPlay } from '../library/repositories/plays.js';
import { writeSetting } from '../library/repositories/settings.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { ensureTeam } from '../library/repositories/teams.js';
import { createRun, getRun } from '../library/repositories/training-runs.js';
import { ClipCache } from '../media/clip-cache.js';
import { createRng } from '../system/prng.js';
import { trainRun } from '../training/run-training.js';
import { runBenchChild } from './bench-child.js';

export interface StreamedTrainingReport {
  plays: number;
  seconds: number;
  engine: string;
  /** Resident memory when the library was written and training was about to start. */
  rssBeforeBytes: number;
  /** The process's peak resident memory, training included. */
  peakRssBytes: number;
  /** The highest JS heap plus typed-array memory seen at any batch. */
  peakJsBytes: number;
  /** What the plays' features take as float32, had they been loaded whole. */
  float32Bytes: number;
}

const FRAMES = 40;
const DIM = 512;
const PLAYS_PER_GAME = 50;
const CUT = 'block5_pool';
const SIZE = 224;
const WEIGHTS = 'random:1';

/** Writes a library of `plays` plays with features in `dir` and trains one epoch of a head on it, in a child process. */
export function runStreamedTrainingChild(dir: string, plays: number): Promise<StreamedTrainingReport> {
  fs.mkdirSync(dir, { recursive: true });
  return runBenchChild<StreamedTrainingReport>('--streamed-training-child', { dir, plays }, "the streamed-training bench");
}

/** The child's side: write the library, train one epoch, print one JSON line. */
export async function streamedTrainingChild(spec: string): Promise<void> {
  const { dir, plays } = JSON.parse(spec) as { dir: string; plays: number };
  const db = openLibrary(path.join(dir, 'library.filmroom.db'));
  writeSetting(db, 'clip_frames', FRAMES);
  const { record } = await loadWeightSet(db, WEIGHTS);
  const signature = signatureOf({ weightsSha256: record.sha256, cut: CUT, pooling: 'avg', size: SIZE, frames: FRAMES });
  const set = ensureFeatureSet(db, { signature, weightSetId: record.id, weightsSha256: record.sha256, cutLayer: CUT, pooling: 'avg', size: SIZE, frames: FRAMES, dim: DIM });
  const types = listPlayTypes(db).map((t) => t.id);
  const rng = createRng(5);
  const rows = new FeatureSetRows(db, set);
  const home = ensureTeam(db, 'Home');
  const away = ensureTeam(db, 'Away');
  for (let g = 0; g * PLAYS_PER_GAME < plays; g++) {
    const gameId = insertGame(db, {
      seasonId: null, name: `Game ${g + 1}`, date: '2026-01-01', homeTeamId: home, awayTeamId: away, videoPath: `/bench/game-${g + 1}.mp4`,
      contentHash: `bench-${g + 1}`, durationS: 2880, fps: 30, width: 1280, height: 720, codec: 'h264', status: 'ready',
    });
    const entries: { clipId: number; engine: string; data: Float32Array }[] = [];
    for (let p = 0; p < PLAYS_PER_GAME && g * PLAYS_PER_GAME + p < plays; p++) {
      const playType = types[(g + p) % types.length]!;
      const playId = insertPlay(db, { gameId, startS: 10 * p, endS: 10 * p + 6, playType, labelSource: 'imported', teamId: null, period: 1, clock: null, externalId: null, tags: [] }).id;
      const clipId = insertClip(db, { play_id: playId, frames: FRAMES, size: SIZE, path: `bench/${playId}.mp4`, sha256: 'bench' });
      // Post-ReLU averages are non-negative; the class lifts one dimension so the head has something to learn.
      const data = Float32Array.from({ length: FRAMES * DIM }, (_, i) => Math.abs(rng.normal()) + (i % DIM === (g + p) % types.length ? 1 : 0));
      entries.push({ clipId, engine: 'bench', data });
    }
    rows.append(entries);
  }
  rows.close();

  const run = createRun(db, 'streamed-training bench', ModelSpec.parse({ backbone: { weights: WEIGHTS, cut: CUT, pooling: 'avg', size: SIZE, frames: FRAMES }, epochs: 1 }));
  const rssBeforeBytes = process.memoryUsage().rss;
  let peakJsBytes = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakJsBytes = Math.max(peakJsBytes, usage.heapUsed + usage.arrayBuffers);
  };
  const started = performance.now();
  const result = await trainRun(db, ClipCache.besideLibrary(db.name), run.id, { onProgress: sample, onEpoch: sample });
  const seconds = (performance.now() - started) / 1000;
  if (getRun(db, run.id).status !== 'finished') throw new Error(`the bench's run ended ${getRun(db, run.id).status}: ${getRun(db, run.id).error}`);
  db.close();
  const report: StreamedTrainingReport = {
    plays, seconds, engine: result.engine, rssBeforeBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024, peakJsBytes, float32Bytes: plays * FRAMES * DIM * 4,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
