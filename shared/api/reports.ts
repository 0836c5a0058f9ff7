/** Exports: CSV reports and a game's Sportscode edit list, written on the machine Film Room runs on. */
import { z } from 'zod';

const id = z.number().int('must be a whole number').positive('must be a positive id');

export const ExportReportRequest = z
  .object({
    kind: z.enum(['plays', 'metrics', 'frequency', 'sportscode']),
    /** plays, metrics: whose predictions or evaluation (default the newest finished run; null for plays: no predictions); sportscode: predicted codes. */
    runId: id.nullable().optional(),
    /** sportscode: the game to export. */
    gameId: id.optional(),
    /** An absolute path; default a file named for the report in a `reports` folder beside the library. */
    out: z.string().min(1).max(4096).optional(),
  })
  .strict()
  .refine((r) => r.kind !== 'sportscode' || r.gameId !== undefined, { message: 'choose the game to export', path: ['gameId'] });
export type ExportReportRequest = z.input<typeof ExportReportRequest>;

export interface ExportedReport {
  kind: 'plays' | 'metrics' | 'frequency' | 'sportscode';
  /** Where it was written. */
  path: string;
  rows: number;
  runId: number | null;
  /** The file's text, so a browser can also offer it as a download. */
  text: string;
  mediaType: 'text/csv' | 'application/xml';
}

export interface ReportsService {
  export(request: ExportReportRequest): Promise<ExportedReport>;
}

export const reportsContract = {
  methods: { export: ExportReportRequest },
  events: [],
} as const;
