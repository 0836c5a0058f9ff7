import type { Migration } from './types.js';

/**
 * A run's feature standardisation (per-dimension mean and standard deviation over its training
 * frames, float32 little-endian: dim means then dim deviations). Backbone features sit in narrow
 * bands far from zero; a recurrent head learns little from them unscaled, and prediction must scale
 * exactly as training did.
 */
export const featureScaling: Migration = {
  version: 3,
  name: 'feature scaling of training runs',
  up: `ALTER TABLE training_runs ADD COLUMN feature_scaling BLOB;`,
};
