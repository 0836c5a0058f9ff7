import type { ImportSummary } from '../../shared/api/jobs.js';
import type { AnnotationError } from '../annotations/types.js';

/**
 * What an import did, as `filmroom import --json` prints it (snake_cased): the summary the API
 * gives the UI (games and plays added or already present, clips, skipped codes, errors with file
 * and line), plus what only the command line and the bench show.
 */
export interface ImportReport extends ImportSummary {
  errors: AnnotationError[];
  /** Annotation files not used for a video because a preferred format described it too. */
  annotationsSetAside: string[];
  /** Where the time went, in seconds. */
  timings: { probeS: number; hashS: number; decodeS: number; writeS: number; totalS: number };
}

export function emptyReport(): ImportReport {
  return {
    gamesAdded: 0,
    gamesAlreadyPresent: 0,
    playsAdded: 0,
    playsSkipped: 0,
    clipsAdded: 0,
    skippedCodes: [],
    annotationsSetAside: [],
    errors: [],
    warnings: [],
    timings: { probeS: 0, hashS: 0, decodeS: 0, writeS: 0, totalS: 0 },
  };
}
