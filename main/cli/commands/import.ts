import path from 'node:path';
import { z } from 'zod';
import { runImport } from '../../application/import.js';
import { withLibrary } from '../../application/job-context.js';
import type { ImportReport } from '../../import/report.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { parseGameSelection } from '../../library/game-selection.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { GAME_SELECTION_OPTION_SPECS, GameSelectionFlags } from './game-selection-flags.js';

const Options = z
  .object({
    target: z.string({ error: 'give a season folder, or one annotation or video file' }).min(1),
    library: z.string().min(1).optional(),
    season: z.string().min(1).max(100).optional(),
    ...GameSelectionFlags,
  })
  .strict();

export const importCommand: Command<z.infer<typeof Options>> = {
  path: ['import'],
  summary: 'Import a season folder (videos + CSV / JSON / Sportscode XML annotations) into the library.',
  options: {
    library: LIBRARY_OPTION,
    season: { type: 'string', valueName: 'NAME', description: 'the season the games belong to (default: the folder’s name)' },
    ...GAME_SELECTION_OPTION_SPECS,
  },
  positionals: [{ name: 'target', description: 'a season folder, or one annotation or video file' }],
  schema: Options,
  examples: ['filmroom import ~/film/2025-26', 'filmroom import ~/film/2025-26 --shard 3/8 --library shard-3.db', 'filmroom import ~/film/2025-26/game-001.xml --json'],
  async run(context, options): Promise<ImportReport> {
    const libraryPath = resolveLibraryPath(options.library, context.env);
    const controller = new AbortController();
    void context.interrupted.then(() => controller.abort());
    const bar = context.progressReporter();
    try {
      const report = await withLibrary(libraryPath, (db) =>
        runImport(db, { path: options.target, ...(options.season ? { season: options.season } : {}), games: parseGameSelection(options.games, options.shard) }, { signal: controller.signal, onProgress: ({ done, total, label }) => bar.update(done, total, label) }),
      );
      bar.finish();
      printReport(context.info, report, libraryPath);
      return report;
    } finally {
      bar.finish();
    }
  },
};

function printReport(say: (line: string) => void, report: ImportReport, libraryPath: string): void {
  say(`Imported into ${libraryPath}:`);
  say(`  ${report.gamesAdded} games added, ${report.gamesAlreadyPresent} already in the library`);
  say(`  ${report.playsAdded} plays added, ${report.playsSkipped} already in the library, ${report.clipsAdded} clips written`);
  const codes = report.skippedCodes;
  if (codes.length) say(`  skipped codes that are not play types: ${codes.map(({ code, count }) => `${code} ×${count}`).join(', ')}`);
  if (report.annotationsSetAside.length) say(`  set aside (the same videos were described by a CSV or JSON file): ${report.annotationsSetAside.map((f) => path.basename(f)).join(', ')}`);
  const t = report.timings;
  say(`  time: ${t.totalS.toFixed(1)} s (probe ${t.probeS.toFixed(1)}, hash ${t.hashS.toFixed(1)}, decode+resize ${t.decodeS.toFixed(1)}, write ${t.writeS.toFixed(1)})`);
  for (const warning of report.warnings) say(`  note: ${warning.file}: ${warning.reason}`);
  if (report.errors.length === 0) return;
  say(`${report.errors.length} problems (the rest was imported):`);
  for (const error of report.errors.slice(0, 50)) say(`  ${error.file}${error.line === null ? '' : `:${error.line}`}: ${error.reason}`);
  if (report.errors.length > 50) say(`  … and ${report.errors.length - 50} more (use --json for the full list)`);
}
