import { z } from 'zod';
import { backupLibrary, type BackupResult } from '../../library/backup.js';
import { openLibrary } from '../../library/database.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { formatBytes } from '../output.js';

const Options = z
  .object({
    library: z.string().min(1).optional(),
    destination: z.string({ error: 'give the file to write the backup to' }).min(1),
    overwrite: z.boolean().optional(),
  })
  .strict();

export const libraryBackupCommand: Command<z.infer<typeof Options>> = {
  path: ['library', 'backup'],
  summary: 'Copy the library to DEST with SQLite’s online backup (safe while Film Room is running).',
  options: {
    library: LIBRARY_OPTION,
    overwrite: { type: 'boolean', description: 'replace DEST if it exists' },
  },
  positionals: [{ name: 'destination', description: 'the file to write the copy to' }],
  schema: Options,
  examples: ['filmroom library backup ~/backups/film-room-2026-11-28.db'],
  async run(context, options): Promise<BackupResult> {
    const db = openLibrary(resolveLibraryPath(options.library, context.env));
    try {
      const result = await backupLibrary(db, options.destination, {
        overwrite: options.overwrite ?? false,
        onProgress: (done, total) => context.progress(`backing up: ${done}/${total} pages`),
      });
      context.info(`Backed up ${db.name} → ${result.destination} (${formatBytes(result.bytes)}).`);
      return result;
    } finally {
      db.close();
    }
  },
};
