/**
 * `filmroom demo`: the whole pipeline on a synthetic season — synthesise, import, extract, train,
 * evaluate on held-out games, predict, report — so a new user sees every stage work on their own
 * machine before they bring film. Sized to finish within 10 minutes on 2 cores.
 *
 * Weights: ImageNet's are not downloadable here, so the demo uses Keras's random initialisation
 * (`random:0`), frozen: the backbone is a fixed random feature extractor and only the head learns.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ModelSpec, type ModelSpecInput } from '../../shared/api/model-spec.js';
import type { EpochRecord, RunMetrics } from '../../shared/api/training.js';
import { ValidationError } from '../../shared/errors.js';
import { importSeason } from '../import/import-season.js';
import { countEverything } from '../library/repositories/counts.js';
import { readSettings, writeSetting } from '../library/repositories/settings.js';
import { createRun } from '../library/repositories/training-runs.js';
import type { ClipCache } from '../media/clip-cache.js';
import { synthesizeSeason } from '../synth/index.js';
import { defaultRunName } from '../training/run-name.js';
import { trainRun, type TrainingStage } from '../training/run-training.js';

export type DemoStage = 'synth' | 'import' | TrainingStage | 'report';

export interface DemoOptions {
  /** Where the synthetic season is written (reused when it is already there). */
  seasonDir: string;
  games: number;
  playsPerGame: number;
  seed: number;
  /** Width of the synthetic video: clips are sampled at S = 64 px, so rendering wider only costs time. */
  synthWidth: number;
  /** The clip frame size S the demo library samples at. */
  frameSize: number;
  spec: ModelSpec;
  signal?: AbortSignal;
  onProgress?: (stage: DemoStage, done: number, total: number, label: string) => void;
  onEpoch?: (epoch: EpochRecord) => void;
  /** Writes the CSV report of the run's predictions; returns its path and row count. */
  writeReport: (runId: number) => Promise<{ path: string; rows: number }>;
}

export interface DemoResult {
  run: number;
  engine: string;
  epochs: number;
  bestEpoch: number | null;
  metrics: RunMetrics | null;
  backbone: ModelSpec['backbone'];
  games: number;
  plays: number;
  report: { path: string; rows: number };
  /** Wall-clock seconds per stage. */
  seconds: Record<'synth' | 'import' | 'train' | 'report' | 'total', number>;
}

/** The demo's model: chosen by measuring held-out macro-F1 against time on synthetic seasons (see README). */
export const DEMO_SPEC_INPUT = {
  backbone: { weights: 'random:0', cut: 'block3_pool', pooling: 'grid', grid: 4, size: 64 },
  head: { cell: 'gru', units: 32, dropout: 0.3, segments: 8, deltas: true, projection: 64, inputDropout: 0.2 },
  optimizer: { learningRate: 1e-3 },
  batchSize: 16,
  epochs: 40,
  earlyStopping: { patience: 10, restoreBest: true },
  heldOutFraction: 0.25,
  splitSeed: 1,
} satisfies ModelSpecInput;

export const DEMO_DEFAULTS = { games: 24, playsPerGame: 22, seed: 2026, synthWidth: 128 } as const;

export function demoSpec(overrides: Partial<ModelSpecInput> = {}): ModelSpec {
  return ModelSpec.parse({ ...DEMO_SPEC_INPUT, ...overrides });
}

function seasonComplete(dir: string, games: number): boolean {
  if (!fs.existsSync(path.join(dir, 'annotations.csv'))) return false;
  return fs.readdirSync(dir).filter((f) => f.endsWith('.mp4')).length >= games;
}

export async function runDemo(db: Database, cache: ClipCache, options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const seconds = { synth: 0, import: 0, train: 0, report: 0, total: 0 };
  const progress = options.onProgress;
  const lap = (key: keyof typeof seconds, since: number) => (seconds[key] = (performance.now() - since) / 1000);

  const counts = countEverything(db);
  if (counts.games === 0) writeSetting(db, 'frame_size', options.frameSize);
  else if (readSettings(db).frameSize !== options.frameSize) {
    // Clips at another size would be sampled again from video during extraction: slower, not wrong.
    progress?.('import', 0, 1, `this library samples clips at ${readSettings(db).frameSize} px; the demo's features use ${options.frameSize} px`);
  }

  let t = performance.now();
  if (!seasonComplete(options.seasonDir, options.games)) {
    await synthesizeSeason({
      outDir: options.seasonDir, games: options.games, playsPerGame: options.playsPerGame, seed: options.seed, width: options.synthWidth,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total, label) => progress?.('synth', done, total, label),
    });
  }
  lap('synth', t);

  t = performance.now();
  const imported = await importSeason(db, {
    target: options.seasonDir, clipCache: cache, season: 'Film Room demo',
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: ({ done, total, label }) => progress?.('import', done, total, label),
  });
  if (imported.errors.length > 0) {
    throw new ValidationError(`The demo season did not import cleanly: ${imported.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.reason}`).join('; ')}`);
  }
  lap('import', t);

  t = performance.now();
  const run = createRun(db, `Demo: ${defaultRunName(options.spec)}`, options.spec);
  const trained = await trainRun(db, cache, run.id, {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: ({ stage, done, total, label }) => progress?.(stage, done, total, label),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  lap('train', t);
  if (trained.stoppedBy === 'cancelled' || trained.run.status !== 'finished') {
    throw new ValidationError(`The demo's training run ${run.id} did not finish: ${trained.run.error ?? trained.run.status}`);
  }

  t = performance.now();
  progress?.('report', 0, 1, 'plays CSV');
  const report = await options.writeReport(run.id);
  progress?.('report', 1, 1, 'plays CSV');
  lap('report', t);
  seconds.total = (performance.now() - started) / 1000;

  const after = countEverything(db);
  return {
    run: run.id, engine: trained.engine, epochs: trained.epochs, bestEpoch: trained.run.bestEpoch, metrics: trained.metrics,
    backbone: options.spec.backbone, games: after.games, plays: after.plays, report, seconds,
  };
}
