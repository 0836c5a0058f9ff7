/** Models, training runs, their per-epoch metrics and their stored evaluation. */
import type { Database } from 'better-sqlite3';
import { RunSpec } from '../../../shared/api/run-spec.js';
import type { TransferRunDetails } from '../../../shared/api/transfer.js';
import type { Calibration, EpochRecord, Evaluation, RunMetrics, RunSplit, RunStatus, TrainingRun, TrainingRunSummary } from '../../../shared/api/training.js';
import { NotFoundError } from '../../../shared/errors.js';

interface RunRow {
  id: number;
  model_id: number;
  name: string;
  spec_json: string;
  feature_set_id: number | null;
  status: RunStatus;
  engine: string | null;
  split_json: string;
  checkpoint_path: string | null;
  best_epoch: number | null;
  evaluation_json: string | null;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
  epochs_done: number;
  details_json: string | null;
  temperature: number | null;
  calibration_json: string | null;
}

const RUN_SELECT = `
  SELECT r.id, r.model_id, r.status, r.engine, r.split_json, r.checkpoint_path, r.best_epoch, r.evaluation_json, r.error,
         r.started_at, r.finished_at, r.created_at, r.details_json, r.temperature, r.calibration_json, m.name, m.spec_json, m.feature_set_id,
         (SELECT count(*) FROM training_epochs e WHERE e.run_id = r.id) AS epochs_done
    FROM training_runs r JOIN models m ON m.id = r.model_id`;

export interface RunRecord extends TrainingRunSummary {
  featureSetId: number | null;
  checkpointPath: string | null;
  split: RunSplit | null;
  evaluation: Evaluation | null;
  /** A transfer run's own report (null for head runs, and before a transfer run finishes). */
  details: TransferRunDetails | null;
  /** The temperature fitted on the validation games: predictions are softmax(logits / T). Null: not calibrated. */
  temperature: number | null;
  calibration: Calibration | null;
}

function metricsOf(evaluation: Evaluation | null): RunMetrics | null {
  if (!evaluation) return null;
  return { accuracy: evaluation.accuracy, macroF1: evaluation.macroF1, top2Accuracy: evaluation.top2Accuracy, heldOutPlays: evaluation.plays, heldOutGames: evaluation.games };
}

function toRecord(row: RunRow): RunRecord {
  const split = JSON.parse(row.split_json) as Partial<RunSplit>;
  const evaluation = row.evaluation_json ? (JSON.parse(row.evaluation_json) as Evaluation) : null;
  return {
    id: row.id,
    modelId: row.model_id,
    name: row.name,
    status: row.status,
    engine: row.engine,
    spec: RunSpec.parse(JSON.parse(row.spec_json)),
    epochsDone: row.epochs_done,
    bestEpoch: row.best_epoch,
    error: row.error,
    metrics: metricsOf(evaluation),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    featureSetId: row.feature_set_id,
    checkpointPath: row.checkpoint_path,
    split: split.trainGameIds ? ({ validationGameIds: [], validationPlays: 0, ...split } as RunSplit) : null,
    evaluation,
    details: row.details_json ? (JSON.parse(row.details_json) as TransferRunDetails) : null,
    temperature: row.temperature,
    calibration: row.calibration_json ? (JSON.parse(row.calibration_json) as Calibration) : null,
  };
}

/** The summary a run list shows (what crosses the API: no paths). */
export function toSummary(record: RunRecord): TrainingRunSummary {
  const { featureSetId: _f, checkpointPath: _c, split: _s, evaluation: _e, details: _d, temperature: _t, calibration: _k, ...summary } = record;
  return summary;
}

/** A new model and its first run, queued. */
export function createRun(db: Database, name: string, spec: RunSpec): RunRecord {
  const id = db.transaction(() => {
    const model = db.prepare('INSERT INTO models (name, spec_json) VALUES (?, ?)').run(name, JSON.stringify(spec));
    return Number(db.prepare(`INSERT INTO training_runs (model_id, status) VALUES (?, 'queued')`).run(model.lastInsertRowid).lastInsertRowid);
  })();
  return getRun(db, id);
}

export function findRun(db: Database, runId: number): RunRecord | undefined {
  const row = db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(runId) as RunRow | undefined;
  return row && toRecord(row);
}

export function getRun(db: Database, runId: number): RunRecord {
  const run = findRun(db, runId);
  if (!run) throw new NotFoundError(`No training run ${runId} in this library: \`filmroom runs\` lists them.`);
  return run;
}

/** Newest first. */
export function listRuns(db: Database): RunRecord[] {
  return (db.prepare(`${RUN_SELECT} ORDER BY r.id DESC`).all() as RunRow[]).map(toRecord);
}

export function latestFinishedRun(db: Database): RunRecord | undefined {
  const row = db.prepare(`${RUN_SELECT} WHERE r.status = 'finished' ORDER BY r.id DESC LIMIT 1`).get() as RunRow | undefined;
  return row && toRecord(row);
}

export interface RunPatch {
  status?: RunStatus;
  engine?: string;
  split?: RunSplit;
  checkpointPath?: string;
  bestEpoch?: number | null;
  evaluation?: Evaluation | null;
  error?: string | null;
  startedAt?: string;
  finishedAt?: string | null;
  details?: TransferRunDetails | null;
  temperature?: number | null;
  calibration?: Calibration | null;
}

const COLUMNS: Record<keyof RunPatch, string> = {
  status: 'status', engine: 'engine', split: 'split_json', checkpointPath: 'checkpoint_path', bestEpoch: 'best_epoch',
  evaluation: 'evaluation_json', error: 'error', startedAt: 'started_at', finishedAt: 'finished_at',
  details: 'details_json', temperature: 'temperature', calibration: 'calibration_json',
};
const JSON_COLUMNS = new Set<keyof RunPatch>(['split', 'evaluation', 'details', 'calibration']);

export function updateRun(db: Database, runId: number, patch: RunPatch): void {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof RunPatch, unknown][];
  if (entries.length === 0) return;
  const values = entries.map(([key, value]) => (JSON_COLUMNS.has(key) && value !== null ? JSON.stringify(value) : value));
  db.prepare(`UPDATE training_runs SET ${entries.map(([key]) => `${COLUMNS[key]} = ?`).join(', ')} WHERE id = ?`).run(...values, runId);
}

export function setModelFeatureSet(db: Database, modelId: number, featureSetId: number): void {
  db.prepare('UPDATE models SET feature_set_id = ? WHERE id = ?').run(featureSetId, modelId);
}

/** Stores an epoch's metrics; a re-run epoch (after a resume) replaces the earlier row. */
export function upsertEpoch(db: Database, runId: number, epoch: EpochRecord): void {
  db.prepare(
    `INSERT OR REPLACE INTO training_epochs (run_id, epoch, loss, accuracy, val_loss, val_accuracy, macro_f1, duration_s)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(runId, epoch.epoch, epoch.loss, epoch.accuracy, epoch.valLoss, epoch.valAccuracy, epoch.macroF1, epoch.durationS);
}

/** Epochs after `keepThrough` are forgotten (a resumed run redoes them from its checkpoint). */
export function deleteEpochsAfter(db: Database, runId: number, keepThrough: number): void {
  db.prepare('DELETE FROM training_epochs WHERE run_id = ? AND epoch > ?').run(runId, keepThrough);
}

export function listEpochs(db: Database, runId: number): EpochRecord[] {
  return db
    .prepare(
      `SELECT epoch, loss, accuracy, val_loss AS valLoss, val_accuracy AS valAccuracy, macro_f1 AS macroF1, duration_s AS durationS
         FROM training_epochs WHERE run_id = ? ORDER BY epoch`,
    )
    .all(runId) as EpochRecord[];
}

/** The whole run as the API gives it. */
export function toTrainingRun(db: Database, record: RunRecord): TrainingRun {
  return {
    ...toSummary(record), epochs: listEpochs(db, record.id), split: record.split, evaluation: record.evaluation, temperature: record.temperature,
    calibration: record.calibration, details: record.details,
  };
}

/** The run's stored feature scaling bytes (see migration 3), or null before its training starts. */
export function readFeatureScaling(db: Database, runId: number): Buffer | null {
  const row = db.prepare('SELECT feature_scaling FROM training_runs WHERE id = ?').get(runId) as { feature_scaling: Buffer | null } | undefined;
  return row?.feature_scaling ?? null;
}

export function writeFeatureScaling(db: Database, runId: number, bytes: Buffer): void {
  db.prepare('UPDATE training_runs SET feature_scaling = ? WHERE id = ?').run(bytes, runId);
}
