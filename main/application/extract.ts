import type { Database } from 'better-sqlite3';
import type { StartExtractionRequest } from '../../shared/api/jobs.js';
import type { EngineChoice } from '../features/engines.js';
import { extractFeatures, type ExtractReport } from '../features/extract.js';
import type { GameSelection } from '../library/game-selection.js';
import { ClipCache } from '../media/clip-cache.js';
import type { JobContext } from './job-context.js';

/** Computes and caches backbone features for every clip lacking them (`filmroom extract`, the Features view). */
export function runExtraction(db: Database, request: StartExtractionRequest & { engine?: EngineChoice; games?: GameSelection }, context: JobContext = {}): Promise<ExtractReport> {
  return extractFeatures(db, ClipCache.besideLibrary(db.name), {
    weights: request.weights,
    cut: request.cut,
    pooling: request.pooling,
    ...(request.grid !== undefined ? { grid: request.grid } : {}),
    ...(request.size !== undefined ? { size: request.size } : {}),
    ...(request.engine !== undefined ? { engine: request.engine } : {}),
    ...(request.games ? { games: request.games } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
    onProgress: ({ stage, done, total }) => context.onProgress?.({ done, total, label: stage === 'clips' ? 'sampling clips at this frame size' : 'clips → features' }),
  });
}
