import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ExportReportRequest, type ExportedReport, type ReportsService } from '../../shared/api/reports.js';
import { ValidationError } from '../../shared/errors.js';
import { renderReport } from '../reports/index.js';
import { replaceAtomically } from '../system/atomic-file.js';

/** Reports for the front doors; the file goes where the user said, or beside the library. */
export class ReportsServiceImpl implements ReportsService {
  constructor(private readonly db: Database) {}

  async export(request: ExportReportRequest): Promise<ExportedReport> {
    const r = ExportReportRequest.parse(request);
    if (r.out !== undefined && !path.isAbsolute(r.out)) throw new ValidationError(`Give the full path of the file to write (it is on the machine Film Room runs on), not "${r.out}".`);
    const { text, rows, runId } = renderReport(this.db, { kind: r.kind, runId: r.runId, gameId: r.gameId });
    const out = r.out ?? this.defaultPath(r.kind, runId, r.gameId);
    await replaceAtomically(out, (temp) => fs.promises.writeFile(temp, text, 'utf8'));
    return { kind: r.kind, path: out, rows, runId, text, mediaType: r.kind === 'sportscode' ? 'application/xml' : 'text/csv' };
  }

  private defaultPath(kind: string, runId: number | null, gameId: number | undefined): string {
    const parsed = path.parse(path.resolve(this.db.name));
    const name = [kind, gameId !== undefined ? `game-${gameId}` : '', runId !== null ? `run-${runId}` : ''].filter(Boolean).join('-');
    return path.join(parsed.dir, `${parsed.name}.reports`, `${name}.${kind === 'sportscode' ? 'xml' : 'csv'}`);
  }
}
