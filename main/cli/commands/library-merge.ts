import { z } from 'zod';
import { openLibrary } from '../../library/database.js';
import { mergeLibrary, type MergeReport } from '../../library/merge-library.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { LIBRARY_OPTION, type Command } from '../command.js';

const Options = z
  .object({
    library: z.string().min(1).optional(),
    other: z.string({ error: 'give the library file to merge in' }).min(1),
  })
  .strict();

export const libraryMergeCommand: Command<z.infer<typeof Options>> = {
  path: ['library', 'merge'],
  summary: 'Merge another library (e.g. one shard of a split import + extract) into this one, by content hash; safe to repeat.',
  options: { library: LIBRARY_OPTION },
  positionals: [{ name: 'other', description: 'the library file to merge in (read only; its clips and feature files are copied)' }],
  schema: Options,
  examples: ['filmroom library merge shard-1.filmroom.db --library season.filmroom.db'],
  async run(context, options): Promise<MergeReport> {
    const db = openLibrary(resolveLibraryPath(options.library, context.env));
    try {
      const other = openLibrary(options.other, { readonly: true });
      try {
        const report = mergeLibrary(db, options.other, other);
        context.info(`Merged ${report.source} into ${db.name}:`);
        context.info(`  ${report.gamesAdded} games added, ${report.gamesAlreadyPresent} already here; ${report.playsAdded} plays added, ${report.playsAlreadyPresent} already here`);
        context.info(`  ${report.clipsCopied} clips copied; ${report.featureSetsAdded} feature sets added, ${report.featuresAdded} clips' features added`);
        for (const c of report.labelConflicts.slice(0, 20)) context.info(`  label kept: ${c.kept} (the other library says ${c.other}) for the play at ${c.startS}–${c.endS} s of video ${c.contentHash.slice(0, 12)}`);
        for (const file of report.missingClipFiles.slice(0, 20)) context.info(`  missing clip file, left out: ${file}`);
        return report;
      } finally {
        other.close();
      }
    } finally {
      db.close();
    }
  },
};
