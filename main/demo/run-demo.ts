/**
 * `filmroom demo`: the whole pipeline on a synthetic season — synthesise, import, extract, train,
 * evaluate on held-out games, predict, report — so a new user sees every stage work on their own
 * machine before they bring film. Sized to finish within 10 minutes on 2 cores.
 *
 * Weights: ImageNet's when the library has them or they can be fetched (demo-weights.ts), else
 * Keras's random initialisation (`random:0`), frozen either way: only the head learns. The cut is
 * block1_pool with an 8×8 grid, so a frame's features still say where things are (at 64 px a
 * player is 2–3 px: deeper cuts and coarser grids average him away), and the head reads motion
 * energy (mean |frame-to-frame change| per feature within each of 8 segments): where something
 * moved, which is what tells play types apart, while stills mostly tell games apart (court and
 * jersey colours) and invite the head to memorise the training games. Training clips are mirrored
 * at random, left-right and top-bottom (plays run to either basket, on either side of the floor),
 * and the head answers with the mean over a clip's four mirror images (ml/head/mirrors.ts).
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

/** Seconds of one stage: wall-clock, and CPU time (user + system) of this process (ffmpeg's own is not counted). */
export interface StageTime {
  wall: number;
  cpu: number;
}

export const TIMED_STAGES = ['synth', 'import', 'features', 'training', 'evaluating', 'predicting', 'report'] as const satisfies readonly DemoStage[];

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
  /** The weights named in spec.backbone.weights, with why they were chosen (see chooseDemoWeights). */
  weights: { name: string; source: string; reason: string };
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
  /** The weights the backbone used and why (ImageNet's where possible). */
  weights: { name: string; source: string; reason: string };
  games: number;
  plays: number;
  report: { path: string; rows: number };
  /** Wall-clock seconds per stage ('train' is features through predictions, kept for scripts that read it). */
  seconds: Record<'synth' | 'import' | 'train' | 'report' | 'total', number>;
  /** Wall-clock and CPU seconds of every stage, and of the whole demo. */
  stages: Record<(typeof TIMED_STAGES)[number] | 'total', StageTime>;
}

/** The demo's model: chosen by measuring held-out macro-F1 against time on synthetic seasons (see README). */
export const DEMO_SPEC_INPUT = {
  backbone: { weights: 'random:0', cut: 'block1_pool', pooling: 'grid', grid: 8, size: 64 },
  head: { cell: 'gru', units: 32, dropout: 0.5, segments: 8, motion: 'only', projection: 32, inputDropout: 0.3, inputNoise: 0.3 },
  // Halved after 5 epochs without a lower validation loss: late in a run the loss swung from epoch to
  // epoch at the full rate, so which epoch early stopping kept was partly luck (see README).
  optimizer: { learningRate: 2e-3, plateau: { patience: 5 } },
  augment: { flips: 'both' },
  batchSize: 16,
  epochs: 80,
  earlyStopping: { patience: 15, restoreBest: true },
  heldOutFraction: 0.2,
  splitSeed: 1,
} satisfies ModelSpecInput;

export const DEMO_DEFAULTS = { games: 36, playsPerGame: 22, seed: 2026, synthWidth: 128 } as const;

/** The demo's spec with the chosen weights (and any overrides, e.g. fewer epochs). */
export function demoSpec(overrides: Partial<ModelSpecInput> = {}, weights: string = DEMO_SPEC_INPUT.backbone.weights): ModelSpec {
  return ModelSpec.parse({ ...DEMO_SPEC_INPUT, backbone: { ...DEMO_SPEC_INPUT.backbone, weights }, ...overrides });
}

function seasonComplete(dir: string, games: number): boolean {
  if (!fs.existsSync(path.join(dir, 'annotations.csv'))) return false;
  return fs.readdirSync(dir).filter((f) => f.endsWith('.mp4')).length >= games;
}

/** Times stages as they come: each mark closes the stage before it (wall-clock and this process's CPU). */
class StageClock {
  readonly stages = Object.fromEntries([...TIMED_STAGES, 'total'].map((k) => [k, { wall: 0, cpu: 0 }])) as DemoResult['stages'];
  private readonly started = { wall: performance.now(), cpu: process.cpuUsage() };
  private current: { stage: (typeof TIMED_STAGES)[number]; wall: number; cpu: NodeJS.CpuUsage } | null = null;

  mark(stage: DemoStage | null): void {
    if (this.current && this.current.stage === stage) return;
    const now = { wall: performance.now(), cpu: process.cpuUsage() };
    if (this.current) {
      const used = process.cpuUsage(this.current.cpu);
      const into = this.stages[this.current.stage];
      into.wall += (now.wall - this.current.wall) / 1000;
      into.cpu += (used.user + used.system) / 1e6;
    }
    this.current = stage && (TIMED_STAGES as readonly string[]).includes(stage) ? { stage: stage as (typeof TIMED_STAGES)[number], ...now } : null;
  }

  finish(): DemoResult['stages'] {
    this.mark(null);
    const used = process.cpuUsage(this.started.cpu);
    this.stages.total = { wall: (performance.now() - this.started.wall) / 1000, cpu: (used.user + used.system) / 1e6 };
    return this.stages;
  }
}

export async function runDemo(db: Database, cache: ClipCache, options: DemoOptions): Promise<DemoResult> {
  const clock = new StageClock();
  const outer = options.onProgress;
  const progress = (stage: DemoStage, done: number, total: number, label: string) => {
    clock.mark(stage);
    outer?.(stage, done, total, label);
  };

  const counts = countEverything(db);
  if (counts.games === 0) writeSetting(db, 'frame_size', options.frameSize);
  else if (readSettings(db).frameSize !== options.frameSize) {
    // Clips at another size would be sampled again from video during extraction: slower, not wrong.
    progress('import', 0, 1, `this library samples clips at ${readSettings(db).frameSize} px; the demo's features use ${options.frameSize} px`);
  }

  clock.mark('synth');
  if (!seasonComplete(options.seasonDir, options.games)) {
    await synthesizeSeason({
      outDir: options.seasonDir, games: options.games, playsPerGame: options.playsPerGame, seed: options.seed, width: options.synthWidth,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total, label) => progress('synth', done, total, label),
    });
  }

  clock.mark('import');
  const imported = await importSeason(db, {
    target: options.seasonDir, clipCache: cache, season: 'Film Room demo',
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: ({ done, total, label }) => progress('import', done, total, label),
  });
  if (imported.errors.length > 0) {
    throw new ValidationError(`The demo season did not import cleanly: ${imported.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.reason}`).join('; ')}`);
  }

  clock.mark('features');
  const run = createRun(db, `Demo: ${defaultRunName(options.spec)}`, options.spec);
  const trained = await trainRun(db, cache, run.id, {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: ({ stage, done, total, label }) => progress(stage, done, total, label),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  if (trained.stoppedBy === 'cancelled' || trained.run.status !== 'finished') {
    throw new ValidationError(`The demo's training run ${run.id} did not finish: ${trained.run.error ?? trained.run.status}`);
  }

  progress('report', 0, 1, 'plays CSV');
  const report = await options.writeReport(run.id);
  progress('report', 1, 1, 'plays CSV');
  const stages = clock.finish();
  const seconds = {
    synth: stages.synth.wall, import: stages.import.wall,
    train: stages.features.wall + stages.training.wall + stages.evaluating.wall + stages.predicting.wall,
    report: stages.report.wall, total: stages.total.wall,
  };

  const after = countEverything(db);
  return {
    run: run.id, engine: trained.engine, epochs: trained.epochs, bestEpoch: trained.run.bestEpoch, metrics: trained.metrics,
    backbone: options.spec.backbone, weights: options.weights, games: after.games, plays: after.plays, report, seconds, stages,
  };
}
