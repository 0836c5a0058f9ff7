/** Exports a library's plays, a run's metrics, play-type frequencies or a game's edit list, written atomically. */
import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { ValidationError } from '../../shared/errors.js';
import { latestFinishedRun } from '../library/repositories/training-runs.js';
import { replaceAtomically } from '../system/atomic-file.js';
import { frequencyReport } from './frequency-report.js';
import { metricsReport } from './metrics-report.js';
import { playsReport } from './plays-report.js';
import { sportscodeReport } from './sportscode-report.js';

export type ReportKind = 'plays' | 'metrics' | 'frequency' | 'sportscode';

export interface ReportRequest {
  kind: ReportKind;
  out: string;
  /**
   * plays: whose predictions (undefined: the newest finished run, if any; null: none at all); metrics:
   * required; sportscode: predicted codes (null or undefined: the true labels).
   */
  runId?: number | null | undefined;
  /** sportscode: the game. */
  gameId?: number | undefined;
}

export interface ReportResult {
  kind: ReportKind;
  path: string;
  rows: number;
  runId: number | null;
}

/** The report's text; UTF-8, CSV per RFC 4180. */
export function renderReport(db: Database, request: Omit<ReportRequest, 'out'>): { text: string; rows: number; runId: number | null } {
  switch (request.kind) {
    case 'plays': {
      // null is the analyst's "No predictions", not "the default": only undefined means the newest run.
      const runId = request.runId === undefined ? (latestFinishedRun(db)?.id ?? null) : request.runId;
      const { csv, rows } = playsReport(db, runId);
      return { text: csv, rows, runId };
    }
    case 'metrics': {
      const runId = request.runId ?? latestFinishedRun(db)?.id;
      if (runId === undefined || runId === null) throw new ValidationError('No finished training run to report on: train one first, or name it with --run R.');
      const { csv, rows } = metricsReport(db, runId);
      return { text: csv, rows, runId };
    }
    case 'frequency': {
      const { csv, rows } = frequencyReport(db);
      return { text: csv, rows, runId: null };
    }
    case 'sportscode': {
      if (request.gameId === undefined) throw new ValidationError('Name the game to export: --game G.');
      const { xml, rows } = sportscodeReport(db, request.gameId, request.runId ?? null);
      return { text: xml, rows, runId: request.runId ?? null };
    }
  }
}

/** Writes the report through a temp file and a rename: an existing file is replaced whole or not at all. */
export async function writeReport(db: Database, request: ReportRequest): Promise<ReportResult> {
  const { text, rows, runId } = renderReport(db, request);
  await replaceAtomically(request.out, (temp) => fs.promises.writeFile(temp, text, 'utf8'));
  return { kind: request.kind, path: request.out, rows, runId };
}
