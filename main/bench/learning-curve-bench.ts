/**
 * `npm run bench -- --only learning-curve`: the demo as a new user runs it (a fresh library, its
 * own synthetic season, its backbone and head), with the wall-clock and CPU seconds of every stage;
 * then a learning curve on the same film: held-out macro-F1 against the number of training games.
 *
 * The curve holds the demo run's own held-out games out, adds a further synthetic season (another
 * seed) so the training side has enough games, and trains the demo's head on the first N training
 * games for each N, early-stopping on a share of those N games (never on the held-out ones), so a
 * user can read how much labelled film the pipeline needs. Nothing here is timed against a baseline:
 * the figures are what they are, on this machine.
 *
 * `--library PATH` draws the curve on a library where `filmroom demo` already ran (its latest
 * finished run's spec and held-out games), without running the demo again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelSpec } from '../../shared/api/model-spec.js';
import { chooseDemoWeights } from '../demo/demo-weights.js';
import { DEMO_DEFAULTS, demoSpec, runDemo, TIMED_STAGES } from '../demo/run-demo.js';
import { extractFeatures } from '../features/extract.js';
import { importSeason } from '../import/import-season.js';
import { countEverything } from '../library/repositories/counts.js';
import { getRun, latestFinishedRun } from '../library/repositories/training-runs.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';
import { ClipCache } from '../media/clip-cache.js';
import { mirrorsOf, predictMirrored } from '../ml/head/mirrors.js';
import { shapeTemporalInput } from '../ml/head/temporal-input.js';
import { disposeHead, trainHead } from '../ml/head/train.js';
import { splitByGame } from '../ml/evaluation/split.js';
import { initTfjs } from '../ml/tfjs/backend.js';
import { writeReport } from '../reports/index.js';
import { openFilmRoom } from '../services/index.js';
import { synthesizeSeason } from '../synth/index.js';
import { loadFeatureClips, subset } from '../training/dataset.js';
import { evaluateProbabilities } from '../training/evaluation.js';
import { applyScaling, fitScaling } from '../training/feature-scaling.js';
import { printHeading, printRow } from './report.js';

export interface LearningCurveOptions {
  games: number;
  playsPerGame: number;
  /** Games of the further season the curve's training side draws on. */
  extraGames: number;
  /** Training-game counts of the curve. */
  sizes: readonly number[];
  epochs?: number;
  /** A library where the demo already ran: the curve reuses its run and film. */
  library?: string;
}

/** Share of a curve point's training games that early stopping watches (as in `filmroom train`). */
const VALIDATION_FRACTION = 0.2;

export async function benchLearningCurve(options: LearningCurveOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmroom-bench-curve-'));
  const libraryPath = options.library ? path.resolve(options.library) : path.join(dir, 'demo.filmroom.db');
  const room = openFilmRoom({ libraryPath, frontDoor: 'cli' });
  try {
    const cache = ClipCache.besideLibrary(libraryPath);
    let runId: number;
    let spec: ModelSpec;
    if (options.library) {
      const run = latestFinishedRun(room.db);
      if (!run) throw new Error(`${libraryPath} holds no finished run: run \`filmroom demo --library ${libraryPath}\` first`);
      if (run.spec.kind !== 'head') throw new Error(`${libraryPath}: its latest finished run ${run.id} is a transfer run, not the demo's head run`);
      runId = run.id;
      spec = run.spec;
      printHeading(`Learning curve on ${libraryPath} (run ${run.id}, weights ${spec.backbone.weights})`);
    } else {
      const weights = await chooseDemoWeights(room.db, { fetch: false });
      spec = demoSpec(options.epochs !== undefined ? { epochs: options.epochs } : {}, weights.name);
      printHeading(`The demo on a fresh library (${options.games} games × ${options.playsPerGame} plays; weights ${weights.name}: ${weights.reason})`);
      const demo = await runDemo(room.db, cache, {
        seasonDir: path.join(dir, 'season'), games: options.games, playsPerGame: options.playsPerGame, seed: DEMO_DEFAULTS.seed,
        synthWidth: DEMO_DEFAULTS.synthWidth, frameSize: spec.backbone.size, spec, weights,
        writeReport: (id) => writeReport(room.db, { kind: 'plays', runId: id, out: path.join(dir, `report-${id}.csv`) }),
      });
      for (const stage of [...TIMED_STAGES, 'total'] as const) {
        const t = demo.stages[stage];
        printRow(`demo stage: ${stage}`, `${t.wall.toFixed(1)} s`, `wall; ${t.cpu.toFixed(1)} s CPU in this process`);
      }
      printRow('demo held-out macro-F1', demo.metrics ? demo.metrics.macroF1.toFixed(3) : '-', demo.metrics ? `accuracy ${demo.metrics.accuracy.toFixed(3)}, ${demo.metrics.heldOutGames} games, ${demo.metrics.heldOutPlays} plays; ${demo.epochs} epochs` : '');
      runId = demo.run;
    }
    const b = spec.backbone;
    const heldOut = new Set(getRun(room.db, runId).split?.heldOutGameIds ?? []);
    const largest = Math.max(...options.sizes);
    if (countEverything(room.db).games - heldOut.size < largest && options.extraGames > 0) {
      // A further season, so the training side reaches the curve's largest point.
      const extraDir = path.join(dir, 'extra-season');
      await synthesizeSeason({ outDir: extraDir, games: options.extraGames, playsPerGame: options.playsPerGame, seed: DEMO_DEFAULTS.seed + 1, width: DEMO_DEFAULTS.synthWidth });
      const imported = await importSeason(room.db, { target: extraDir, clipCache: cache, season: 'Learning curve' });
      if (imported.errors.length > 0) throw new Error(`the learning curve's extra season did not import: ${imported.errors[0]!.reason}`);
    }
    const features = await extractFeatures(room.db, cache, { weights: b.weights, cut: b.cut, pooling: b.pooling, size: b.size, ...(b.grid !== undefined ? { grid: b.grid } : {}) });

    const classIds = listPlayTypes(room.db).map((t) => t.id);
    // The demo's run initialised TensorFlow.js; on `--library` nothing has yet.
    await initTfjs();
    const all = loadFeatureClips(room.db, { featureSetId: features.featureSetId, frames: b.frames, dim: features.dim, classIds });
    const pool = [...new Set(all.plays.map((p) => p.gameId))].filter((g) => !heldOut.has(g)).sort((x, y) => x - y);
    const rowsOf = (games: ReadonlySet<number>) => all.plays.flatMap((p, row) => (games.has(p.gameId) ? [row] : []));
    const testRows = rowsOf(heldOut);

    printHeading(`Learning curve: held-out macro-F1 against training games (the demo's ${heldOut.size} held-out games, ${testRows.length} plays; the demo's backbone and head)`);
    for (const size of options.sizes) {
      if (size > pool.length) {
        printRow(`${size} training games`, '-', `(only ${pool.length} games on the training side)`);
        continue;
      }
      const started = performance.now();
      const games = pool.slice(0, size);
      const rows = rowsOf(new Set(games));
      const v = splitByGame(rows.map((row) => ({ playId: all.plays[row]!.playId, gameId: all.plays[row]!.gameId, label: all.plays[row]!.label })), {
        heldOutFraction: VALIDATION_FRACTION, seed: spec.splitSeed, classes: classIds.length,
      });
      const fitRows = rowsOf(new Set(v.trainGameIds));
      const validationRows = rowsOf(new Set(v.heldOutGameIds));
      // Scaled with the statistics of this point's training games only, as a run would be.
      const scaling = fitScaling(subset(all, rows).x, all.dim);
      const shaped = { ...all, ...shapeTemporalInput(applyScaling(all.x, scaling), all.frames, all.dim, spec.head) };
      const result = await trainHead({ spec, train: subset(shaped, fitRows), validation: subset(shaped, validationRows), classes: classIds.length });
      try {
        const test = subset(shaped, testRows);
        const evaluation = evaluateProbabilities(predictMirrored(result.model, test.x, test.count, mirrorsOf(spec)), Array.from(test.y), classIds, heldOut.size);
        const seconds = (performance.now() - started) / 1000;
        printRow(`${size} training games (${rows.length} plays)`, evaluation.macroF1.toFixed(3), `accuracy ${evaluation.accuracy.toFixed(3)}; ${v.heldOutGameIds.length} of them watched by early stopping; ${result.epochs.length} epochs, ${seconds.toFixed(0)} s`);
      } finally {
        disposeHead(result.model);
      }
    }
  } finally {
    await room.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
