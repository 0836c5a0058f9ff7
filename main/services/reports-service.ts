import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { ExportReportRequest, type ExportedReport, type ReportsService } from '../../shared/api/reports.js';
import { renderReport } from '../reports/index.js';
import { replaceAtomically } from '../system/atomic-file.js';
import type { PageFilePolicy } from './page-file-policy.js';

/** Reports for the front doors; the file goes where the policy allows (pages: the reports folder or a chosen file). */
export class ReportsServiceImpl implements ReportsService {
  constructor(
    private readonly db: Database,
    private readonly files: PageFilePolicy,
  ) {}

  async export(request: ExportReportRequest): Promise<ExportedReport> {
    const r = ExportReportRequest.parse(request);
    const { text, rows, runId } = renderReport(this.db, { kind: r.kind, runId: r.runId, gameId: r.gameId });
    const out = await this.files.exportTarget(r.out, defaultName(r.kind, runId, r.gameId));
    await replaceAtomically(out, (temp) => fs.promises.writeFile(temp, text, 'utf8'));
    return { kind: r.kind, path: out, rows, runId, text, mediaType: r.kind === 'sportscode' ? 'application/xml' : 'text/csv' };
  }
}

function defaultName(kind: string, runId: number | null, gameId: number | undefined): string {
  const name = [kind, gameId !== undefined ? `game-${gameId}` : '', runId !== null ? `run-${runId}` : ''].filter(Boolean).join('-');
  return `${name}.${kind === 'sportscode' ? 'xml' : 'csv'}`;
}
