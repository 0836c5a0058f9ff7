import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { findWeightSet, findWeightSetBySha, insertWeightSet, listWeightSets, type WeightSetRecord } from '../library/repositories/weight-sets.js';
import { appDataFolder, APP_FOLDER_NAME, weightsFolderOf } from '../library/paths.js';
import { deepestCut } from '../ml/weights/conv-layers.js';
import { fetchImagenetWeights, type FetchImagenetOptions } from '../ml/weights/imagenet.js';
import { deepestVggLayer, isEditedSet } from '../ml/vgg16/variants.js';
import { MissingLayersError, randomWeights, readKerasH5, readTfjsModel, weightsSha256, writeKerasH5, type WeightSet } from '../ml/weights/index.js';
import { readVariantKerasH5 } from '../ml/weights/keras-h5-read.js';
import { WeightsError } from '../ml/weights/weight-set.js';

/** The library's weight files live beside it, as its clips do. */
export function weightsFolder(db: Database): string {
  return weightsFolderOf(db.name);
}

/** Where the ImageNet file is kept: shared by every library of this user. */
export function imagenetFolder(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(appDataFolder(env), APP_FOLDER_NAME, 'weights');
}

const RANDOM = /^random(?::(\d+))?$/;

/**
 * Reads a Keras .h5 or a TensorFlow.js model.json, as deep as the file goes: a set that holds
 * only blocks 1–3 is accepted and serves cuts up to block3_pool. Any other fault is an error.
 */
async function readAnyWeights(file: string): Promise<{ weights: WeightSet; format: 'keras-h5' | 'tfjs'; upTo: string }> {
  const format = file.endsWith('.json') ? 'tfjs' : 'keras-h5';
  const read = format === 'tfjs' ? readTfjsModel : readKerasH5;
  try {
    const weights = await read(file);
    return { weights, format, upTo: deepestCut(new Set(weights.keys())) ?? 'block5_pool' };
  } catch (error) {
    if (!(error instanceof MissingLayersError)) throw error;
    if (error.deepestCut) return { weights: await read(file, { upTo: error.deepestCut }), format, upTo: error.deepestCut };
    // No block1_conv1 at all: perhaps VGG16 after layer surgery (block1_conv5x5), which says so itself.
    const edited = format === 'keras-h5' ? await readEditedKerasH5(file) : undefined;
    if (!edited) throw error;
    return { ...edited, format };
  }
}

/**
 * A Keras file of VGG16 after layer surgery (block1_conv5x5, inserted layers), with the deepest
 * VGG16 layer its weights reach; undefined for a plain VGG16 file, which readKerasH5 reads.
 */
async function readEditedKerasH5(file: string): Promise<{ weights: WeightSet; upTo: string } | undefined> {
  let read;
  try {
    read = await readVariantKerasH5(file);
  } catch {
    return undefined; // not an edited file (or not readable at all: the plain reader says why)
  }
  if (!isEditedSet(read.weights.keys())) return undefined;
  const upTo = deepestVggLayer(read.weights.keys());
  if (!upTo) throw new WeightsError(`${file}: its layers do not reach any VGG16 layer`);
  return { weights: read.weights, upTo };
}

export async function registerWeightsFile(db: Database, file: string, options: { name?: string; source?: WeightSetRecord['source'] } = {}): Promise<{ record: WeightSetRecord; added: boolean }> {
  const { weights, format, upTo } = await readAnyWeights(path.resolve(file));
  const sha256 = weightsSha256(weights);
  const existing = findWeightSetBySha(db, sha256);
  if (existing) return { record: existing, added: false };
  const name = options.name ?? path.parse(file).name;
  if (findWeightSet(db, name)) throw new ConflictError(`A weight set is already called "${name}": choose another name with --name.`);
  // The library keeps its own Keras-layout copy, so it does not depend on the original file (a
  // Keras file already in the library's weights folder is its own).
  const resolved = path.resolve(file);
  const own = format === 'keras-h5' && path.dirname(resolved) === path.resolve(weightsFolder(db));
  const stored = own ? resolved : path.join(weightsFolder(db), `${sha256.slice(0, 16)}.h5`);
  if (!fs.existsSync(stored)) await writeKerasH5(weights, stored);
  // An edited VGG16 is known by its source, so loading it reads its own architecture.
  const source = isEditedSet(weights.keys()) ? 'surgery' : (options.source ?? (format === 'tfjs' ? 'tfjs' : 'keras-h5'));
  return { record: insertWeightSet(db, { name, source, format: 'keras-h5', path: stored, sha256, upTo }), added: true };
}

export async function fetchAndRegisterImagenet(db: Database, options: FetchImagenetOptions & { env?: NodeJS.ProcessEnv } = {}) {
  const file = await fetchImagenetWeights(imagenetFolder(options.env), options);
  return registerWeightsFile(db, file, { name: 'imagenet', source: 'imagenet' });
}

/**
 * A weight set by name or id, loaded. `random` or `random:SEED` is Keras's random initialisation
 * (Glorot uniform, zero biases) from a fixed seed: registered on first use so runs can name it.
 */
export async function loadWeightSet(db: Database, nameOrId: string): Promise<{ record: WeightSetRecord; weights: WeightSet }> {
  const random = RANDOM.exec(nameOrId);
  if (random) {
    const seed = Number(random[1] ?? 0);
    const weights = randomWeights(seed);
    const name = `random:${seed}`;
    const record = findWeightSet(db, name) ?? insertWeightSet(db, { name, source: 'random', format: 'keras-h5', path: name, sha256: weightsSha256(weights), upTo: 'block5_pool' });
    return { record, weights };
  }
  const record = findWeightSet(db, nameOrId);
  if (!record) {
    const known = listWeightSets(db).map((w) => w.name);
    throw new NotFoundError(`No weight set "${nameOrId}" in this library. Known: ${known.length ? known.join(', ') : 'none yet'}; also "random" or "random:SEED". Add one with \`filmroom weights import FILE\` or \`filmroom weights fetch imagenet\`.`);
  }
  if (record.source === 'random') return { record, weights: randomWeights(Number(RANDOM.exec(record.path)?.[1] ?? 0)) };
  if (record.source !== 'surgery') {
    try {
      return { record, weights: await readKerasH5(record.path, { upTo: record.upTo }) };
    } catch (error) {
      // A backbone fine-tuned from an edited one is saved as 'trained': its file says what it is.
      if (!(error instanceof MissingLayersError)) throw error;
    }
  }
  const edited = await readEditedKerasH5(record.path);
  if (!edited) throw new WeightsError(`${record.path}: the file of weight set "${record.name}" does not hold the layers it had; import it again`);
  return { record, weights: edited.weights };
}
