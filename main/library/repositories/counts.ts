import type { Database } from 'better-sqlite3';
import type { LibraryCounts } from '../../../shared/api/library.js';

const COUNTED: Record<keyof LibraryCounts, string> = {
  seasons: 'seasons',
  teams: 'teams',
  games: "games WHERE status = 'ready'",
  plays: "plays WHERE game_id IN (SELECT id FROM games WHERE status = 'ready')",
  clips: 'clips',
  weightSets: 'weight_sets',
  featureSets: 'feature_sets',
  models: 'models',
  trainingRuns: 'training_runs',
  predictions: 'predictions',
};

export function countEverything(db: Database): LibraryCounts {
  const counts = {} as LibraryCounts;
  for (const [key, from] of Object.entries(COUNTED) as [keyof LibraryCounts, string][]) {
    counts[key] = (db.prepare(`SELECT count(*) AS n FROM ${from}`).get() as { n: number }).n;
  }
  return counts;
}
