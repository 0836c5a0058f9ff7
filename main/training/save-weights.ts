/**
 * A trained backbone becomes one of the library's weight sets: written in Keras's HDF5 layout
 * (writeKerasH5, Keras's layer names, so Keras loads it by name too) as
 * `<library>.weights/<name>.h5`, and registered with source 'trained', so that
 * `filmroom extract --weights <name>` and training runs use it like any other set.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { WeightSetName, type SavedWeightSet } from '../../shared/api/transfer.js';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import { weightsFolder } from '../features/weights-registry.js';
import { findWeightSet, insertWeightSet, listWeightSets } from '../library/repositories/weight-sets.js';
import { deepestVggLayer } from '../ml/vgg16/variants.js';
import { writeKerasH5 } from '../ml/weights/keras-h5-write.js';
import { weightsSha256 } from '../ml/weights/weights-hash.js';
import type { WeightSet } from '../ml/weights/weight-set.js';

export function trainedWeightsFile(db: Database, name: string): string {
  return path.join(weightsFolder(db), `${name}.h5`);
}

/** Throws unless `name` is a valid, unused weight-set name: checked before training, not after hours of it. */
export function assertWeightSetNameFree(db: Database, name: string): void {
  const parsed = WeightSetName.safeParse(name);
  if (!parsed.success) throw new ValidationError(`"${name}" cannot name a weight set: ${parsed.error.issues[0]?.message ?? 'invalid name'}.`);
  if (findWeightSet(db, name)) throw new ConflictError(`A weight set is already called "${name}": choose another name.`);
  const file = trainedWeightsFile(db, name);
  if (listWeightSets(db).some((set) => path.resolve(set.path) === path.resolve(file))) throw new ConflictError(`The file ${file} already holds a registered weight set: choose another name.`);
}

export async function saveTrainedWeightSet(db: Database, name: string, weights: WeightSet): Promise<SavedWeightSet> {
  assertWeightSetNameFree(db, name);
  const file = trainedWeightsFile(db, name);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // A file left by a run that died before registering it belongs to no weight set: replace it.
  await writeKerasH5(weights, file);
  const record = insertWeightSet(db, {
    name, source: 'trained', format: 'keras-h5', path: file, sha256: weightsSha256(weights), upTo: deepestVggLayer(weights.keys()) ?? 'block1_conv1',
  });
  return { id: record.id, name: record.name, sha256: record.sha256, path: record.path, upTo: record.upTo };
}
