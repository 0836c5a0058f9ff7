/**
 * What the layer-surgery commands (`backbone replace-block1`, `backbone insert`) share: checking
 * --out before any work, and opening the library to load a weight set by name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../../shared/errors.js';
import { loadWeightSet } from '../../features/weights-registry.js';
import type { WeightSetRecord } from '../../library/repositories/weight-sets.js';
import type { WeightSet } from '../../ml/weights/weight-set.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { openFilmRoom } from '../../services/index.js';
import type { CliContext } from '../command.js';

/** The absolute --out path; throws a ValidationError unless a file can be written there. */
export function writableOut(file: string): string {
  const target = path.resolve(file);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw new ValidationError(`--out ${file} is a folder: name the .h5 file to write`);
  const dir = path.dirname(target);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ValidationError(`cannot write --out ${file}: the folder ${dir} does not exist`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new ValidationError(`cannot write --out ${file}: the folder ${dir} is not writable`);
  }
  return target;
}

export type OpenedRoom = ReturnType<typeof openFilmRoom>;

/** Opens the library, runs `use` with it and the named weight set, and closes it. */
export async function withWeightSet<T>(
  context: CliContext, library: string | undefined, name: string, use: (room: OpenedRoom, set: { record: WeightSetRecord; weights: WeightSet }) => Promise<T>,
): Promise<T> {
  const room = openFilmRoom({ libraryPath: resolveLibraryPath(library, context.env), frontDoor: 'cli' });
  try {
    return await use(room, await loadWeightSet(room.db, name));
  } finally {
    await room.close();
  }
}
