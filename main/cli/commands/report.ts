import path from 'node:path';
import { z } from 'zod';
import { resolveLibraryPath } from '../../library/paths.js';
import { writeReport, type ReportResult } from '../../reports/index.js';
import { openFilmRoom } from '../../services/index.js';
import { LIBRARY_OPTION, type Command } from '../command.js';

const id = (what: string) => z.string().regex(/^\d+$/, `${what} must be a number`).transform(Number);

const Options = z
  .object({
    library: z.string().min(1).optional(),
    kind: z.enum(['plays', 'metrics', 'frequency', 'sportscode'], { error: 'choose --kind plays, metrics, frequency or sportscode' }),
    out: z.string({ error: 'give the file to write: --out FILE' }).min(1),
    run: id('--run').optional(),
    game: id('--game').optional(),
  })
  .strict();

export const reportCommand: Command<z.infer<typeof Options>> = {
  path: ['report'],
  summary: 'Export a CSV (plays with predictions, a run’s per-class metrics, play-type frequencies) or a game’s Sportscode XML edit list.',
  options: {
    library: LIBRARY_OPTION,
    kind: { type: 'string', valueName: 'K', description: 'plays, metrics, frequency, or sportscode (a game’s edit list)' },
    out: { type: 'string', valueName: 'FILE', description: 'where to write it (replaced whole, through a temporary file)' },
    run: { type: 'string', valueName: 'R', description: 'the run whose predictions or metrics to use (default: the newest finished run)' },
    game: { type: 'string', valueName: 'G', description: 'sportscode: the game to export (codes are its true labels, or run R’s predictions)' },
  },
  positionals: [],
  schema: Options,
  examples: ['filmroom report --kind plays --out plays.csv', 'filmroom report --kind metrics --run 3 --out run-3.csv', 'filmroom report --kind sportscode --game 12 --run 3 --out game-12.xml'],
  async run(context, options): Promise<ReportResult> {
    const room = openFilmRoom({ libraryPath: resolveLibraryPath(options.library, context.env), frontDoor: 'cli' });
    try {
      const result = await writeReport(room.db, { kind: options.kind, out: path.resolve(options.out), runId: options.run, gameId: options.game });
      context.info(`Wrote ${result.rows} rows to ${result.path}${result.runId !== null ? ` (run ${result.runId})` : ''}`);
      return result;
    } finally {
      await room.close();
    }
  },
};
