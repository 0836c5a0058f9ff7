import type { Migration } from './types.js';

/**
 * Every kind of run in one table: a transfer run (fine-tuning, a stack, a backbone) keeps its own
 * report (parameters, the frozen layers' hashes, the saved weight set, per-frame figures) in
 * `details_json`. And confidence an analyst can trust: the temperature fitted on the run's
 * validation games (its predictions are softmax(logits / T)), and `calibration_json`, the held-out
 * games' reliability before and after it.
 */
export const runKindsAndCalibration: Migration = {
  version: 4,
  name: 'run kinds and calibration',
  up: `
    ALTER TABLE training_runs ADD COLUMN details_json TEXT;
    ALTER TABLE training_runs ADD COLUMN temperature REAL CHECK (temperature IS NULL OR temperature > 0);
    ALTER TABLE training_runs ADD COLUMN calibration_json TEXT;
  `,
};
