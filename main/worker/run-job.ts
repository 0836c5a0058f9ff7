import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { runActivationFrames, runActivations } from '../application/activations.js';
import { assertSurgeryTargetFree, runBlock1Surgery, surgeryOutFile } from '../application/block1-surgery.js';
import { runClipExport } from '../application/clip-export.js';
import { runExtraction } from '../application/extract.js';
import { runImport } from '../application/import.js';
import { withLibrary, type JobContext } from '../application/job-context.js';
import { measureTrainingSpeed } from '../application/measure-speed.js';
import { runPrediction } from '../application/predict.js';
import { runTraining } from '../application/train.js';
import { runTransferJob } from '../application/transfer.js';
import type { ParsedWorkerJob, WORKER_JOBS, WorkerJobKind, WorkerResultOf } from './protocol.js';

type Handler<K extends WorkerJobKind> = (db: Database, request: z.output<(typeof WORKER_JOBS)[K]['request']>, context: JobContext) => Promise<WorkerResultOf<K>>;

/** Each job kind as a call of the application layer: the same functions the `filmroom` commands call. */
const HANDLERS: { readonly [K in WorkerJobKind]: Handler<K> } = {
  import: (db, request, context) => runImport(db, request, context),
  extract: (db, request, context) => runExtraction(db, request, context),
  train: (db, request, context) => runTraining(db, request.runId, {}, context),
  predict: (db, request, context) => runPrediction(db, request, context),
  activations: (db, request) => runActivations(db, request),
  activationFrames: (db, request, context) => runActivationFrames(db, request, context),
  speed: (db, request) => measureTrainingSpeed(db, request.spec),
  transfer: (db, request, context) => runTransferJob(db, request.spec, { saveAs: request.saveAs }, context),
  surgery: async (db, request, context) => {
    const out = surgeryOutFile(db.name, request.name);
    assertSurgeryTargetFree(db, request.name, out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    return runBlock1Surgery(db, { weights: request.weights, out, name: request.name, epochs: request.epochs, framesPerClip: request.framesPerClip }, context);
  },
  clips: (db, request, context) => runClipExport(db, request, context),
};

/** Runs one job on the library at `libraryPath`, opened for it and closed afterwards. */
export function runWorkerJob<K extends WorkerJobKind>(libraryPath: string, job: ParsedWorkerJob<K>, context: JobContext): Promise<WorkerResultOf<K>> {
  const handler = HANDLERS[job.kind] as Handler<K>;
  return withLibrary(libraryPath, (db) => handler(db, job.request, context));
}
