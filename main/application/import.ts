import type { Database } from 'better-sqlite3';
import type { StartImportRequest } from '../../shared/api/jobs.js';
import { importSeason } from '../import/import-season.js';
import type { ImportReport } from '../import/report.js';
import type { GameSelection } from '../library/game-selection.js';
import { ClipCache } from '../media/clip-cache.js';
import type { JobContext } from './job-context.js';

/** Imports a season folder or one file into the library (`filmroom import`, the Import view). */
export function runImport(db: Database, request: StartImportRequest & { games?: GameSelection }, context: JobContext = {}): Promise<ImportReport> {
  return importSeason(db, {
    target: request.path,
    clipCache: ClipCache.besideLibrary(db.name),
    ...(request.season ? { season: request.season } : {}),
    ...(request.games ? { games: request.games } : {}),
    signal: context.signal,
    onProgress: ({ done, total, label }) => context.onProgress?.({ done, total, label: `Importing ${label}` }),
  });
}
