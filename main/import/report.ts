import type { AnnotationError } from '../annotations/types.js';

/** What an import did, as `filmroom import --json` prints it (snake_cased). */
export interface ImportReport {
  gamesAdded: number;
  /** Games whose video was already in the library (same content hash). */
  gamesAlreadyPresent: number;
  playsAdded: number;
  /** Plays already in the library (same game, start and end): not added again. */
  playsSkipped: number;
  clipsAdded: number;
  /** Sportscode codes that are not play types ("Team", "Shot"…), with how often each was skipped. */
  skippedCodes: { code: string; count: number }[];
  /** Annotation files not used for a video because a preferred format described it too. */
  annotationsSetAside: string[];
  errors: AnnotationError[];
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
    timings: { probeS: 0, hashS: 0, decodeS: 0, writeS: 0, totalS: 0 },
  };
}
