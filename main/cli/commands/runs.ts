import { z } from 'zod';
import type { Calibration, Evaluation, PredictionSummary, TrainingRunSummary } from '../../../shared/api/training.js';
import { ConflictError } from '../../../shared/errors.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { getRun, listRuns, toSummary } from '../../library/repositories/training-runs.js';
import { openFilmRoom } from '../../services/index.js';
import { withLibrary } from '../../application/job-context.js';
import { runPrediction } from '../../application/predict.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { printMetrics } from './train.js';

const runId = z.string({ error: 'give the run: --run R (`filmroom runs` lists them)' }).regex(/^\d+$/, '--run must be a run number').transform(Number);
const RUN_OPTION = { type: 'string', valueName: 'R', description: 'the training run (`filmroom runs` lists them)' } as const;

const EvaluateOptions = z.object({ library: z.string().min(1).optional(), run: runId }).strict();

export const evaluateCommand: Command<z.infer<typeof EvaluateOptions>> = {
  path: ['evaluate'],
  summary: 'A run’s evaluation on its held-out games: confusion matrix, per-class precision / recall / F1, accuracy, macro-F1, top-2.',
  options: { library: LIBRARY_OPTION, run: RUN_OPTION },
  positionals: [],
  schema: EvaluateOptions,
  examples: ['filmroom evaluate --run 3 --json'],
  async run(context, options): Promise<Evaluation & { run: number; calibration: Calibration | null }> {
    const room = openFilmRoom({ libraryPath: resolveLibraryPath(options.library, context.env), frontDoor: 'cli' });
    try {
      const run = getRun(room.db, options.run);
      if (!run.evaluation) {
        throw new ConflictError(`Run ${run.id} has no evaluation: it is ${run.status}${run.error ? ` (${run.error})` : ''}. ${run.status === 'finished' ? '' : `\`filmroom train --resume ${run.id}\` finishes it.`}`.trim());
      }
      const e = run.evaluation;
      const width = Math.max(...e.classes.map((c) => c.length));
      context.info(`Run ${run.id}: ${run.name}`);
      context.info(`${'true \\ predicted'.padEnd(width)} ${e.classes.map((c) => c.slice(0, 5).padStart(5)).join(' ')}`);
      e.confusion.forEach((row, t) => context.info(`${e.classes[t]!.padEnd(width)} ${row.map((n) => String(n).padStart(5)).join(' ')}`));
      context.info('');
      context.info(`${'play type'.padEnd(width)}  precision  recall     F1  support`);
      for (const c of e.perClass) context.info(`${c.playType.padEnd(width)}  ${c.precision.toFixed(3).padStart(9)}  ${c.recall.toFixed(3).padStart(6)}  ${c.f1.toFixed(3).padStart(5)}  ${String(c.support).padStart(7)}`);
      context.info('');
      printMetrics(context, run.metrics!);
      const c = run.calibration;
      if (c) context.info(`Calibration  temperature ${c.temperature.toFixed(3)} (fitted on ${c.validationPlays} validation plays); held-out ECE ${c.before.ece.toFixed(3)} before, ${c.after.ece.toFixed(3)} after`);
      else context.info('Calibration  none (the run had no validation games to fit a temperature on)');
      return { run: run.id, ...e, calibration: c };
    } finally {
      await room.close();
    }
  },
};

const PredictOptions = z
  .object({ library: z.string().min(1).optional(), run: runId, game: z.string().regex(/^\d+$/, '--game must be a game id').transform(Number).optional(), unlabeled: z.boolean().optional() })
  .strict()
  .refine((o) => !(o.game !== undefined && o.unlabeled), { message: 'choose --game G or --unlabeled, not both', path: ['game'] });

export const predictCommand: Command<z.infer<typeof PredictOptions>> = {
  path: ['predict'],
  summary: 'Store a run’s per-play class probabilities (for the review queue and reports).',
  options: {
    library: LIBRARY_OPTION,
    run: RUN_OPTION,
    game: { type: 'string', valueName: 'G', description: 'only this game’s plays' },
    unlabeled: { type: 'boolean', description: 'only plays no person has labelled' },
  },
  positionals: [],
  schema: PredictOptions,
  examples: ['filmroom predict --run 3 --json', 'filmroom predict --run 3 --game 12'],
  async run(context, options): Promise<PredictionSummary & { playsPerSecond: number }> {
    const bar = context.progressReporter();
    try {
      const request = { runId: options.run, ...(options.game !== undefined ? { gameId: options.game } : {}), ...(options.unlabeled ? { unlabeled: true } : {}) };
      const summary = await withLibrary(resolveLibraryPath(options.library, context.env), (db) =>
        runPrediction(db, request, { onProgress: ({ done, total }) => bar.update(done, total, 'plays') }),
      );
      bar.finish();
      const playsPerSecond = summary.seconds > 0 ? summary.plays / summary.seconds : 0;
      context.info(`Predicted ${summary.plays} plays with run ${summary.runId} in ${summary.seconds.toFixed(1)} s`);
      return { ...summary, playsPerSecond };
    } finally {
      bar.finish();
    }
  },
};

const RunsOptions = z.object({ library: z.string().min(1).optional() }).strict();

export const runsCommand: Command<z.infer<typeof RunsOptions>> = {
  path: ['runs'],
  summary: 'List the training runs, newest first, with their status and held-out metrics.',
  options: { library: LIBRARY_OPTION },
  positionals: [],
  schema: RunsOptions,
  async run(context, options): Promise<TrainingRunSummary[]> {
    const room = openFilmRoom({ libraryPath: resolveLibraryPath(options.library, context.env), frontDoor: 'cli' });
    try {
      const runs = listRuns(room.db).map(toSummary);
      if (runs.length === 0) context.info('No training runs yet: `filmroom train` starts one.');
      for (const r of runs) {
        const metrics = r.metrics ? `macro-F1 ${r.metrics.macroF1.toFixed(3)}, accuracy ${r.metrics.accuracy.toFixed(3)}` : (r.error ?? '');
        context.info(`${String(r.id).padStart(4)}  ${r.status.padEnd(9)}  ${String(r.epochsDone).padStart(3)} epochs  ${r.name}  ${metrics}`);
      }
      return runs;
    } finally {
      await room.close();
    }
  },
};
