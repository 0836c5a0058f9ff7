/**
 * A run's held-out evaluation as one table: a row per play type (precision, recall, F1, support),
 * then summary rows whose play_type is `accuracy`, `macro_f1` or `top2_accuracy` with the value in
 * the f1 column — the layout scikit-learn's classification report uses.
 */
import type { Database } from 'better-sqlite3';
import { ConflictError } from '../../shared/errors.js';
import { getRun } from '../library/repositories/training-runs.js';
import { toCsv, type Cell } from './csv.js';
import { playTypeNames } from './play-type-names.js';

export function metricsReport(db: Database, runId: number): { csv: string; rows: number } {
  const run = getRun(db, runId);
  const e = run.evaluation;
  if (!e) throw new ConflictError(`Run ${runId} has no evaluation (it is ${run.status}): finish it with \`filmroom train --resume ${runId}\`, or choose a finished run.`);
  const { nameOf } = playTypeNames(db);
  const rows: Cell[][] = e.perClass.map((c) => [nameOf(c.playType), c.precision, c.recall, c.f1, c.support]);
  rows.push(['accuracy', null, null, e.accuracy, e.plays], ['macro_f1', null, null, e.macroF1, e.plays], ['top2_accuracy', null, null, e.top2Accuracy, e.plays]);
  return { csv: toCsv(['play_type', 'precision', 'recall', 'f1', 'support'], rows), rows: rows.length };
}
