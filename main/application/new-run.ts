import type { Database } from 'better-sqlite3';
import type { ModelSpec } from '../../shared/api/model-spec.js';
import { createRun, type RunRecord } from '../library/repositories/training-runs.js';
import { defaultRunName } from '../training/run-name.js';

// Apart from the training itself, so that the services (which queue a run, then train it in a
// worker) never load TensorFlow.js.

/** A queued run of this spec, named after it unless a name is given. */
export function newTrainingRun(db: Database, spec: ModelSpec, name?: string): RunRecord {
  return createRun(db, name ?? defaultRunName(spec), spec);
}
