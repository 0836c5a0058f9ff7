import type { Database } from 'better-sqlite3';
import type { Block1SurgeryReport } from '../../shared/api/transfer.js';
import { CancelledError, ConflictError, ValidationError } from '../../shared/errors.js';
import { loadWeightSet, registerWeightsFile } from '../features/weights-registry.js';
import { readSettings } from '../library/repositories/settings.js';
import { findWeightSet } from '../library/repositories/weight-sets.js';
import { ClipCache } from '../media/clip-cache.js';
import { DISTILL_DEFAULTS } from '../ml/surgery/distill.js';
import { libraryFrames } from '../ml/surgery/library-frames.js';
import { replaceBlock1WithConv5x5 } from '../ml/surgery/replace-block1.js';
import { initTfjs, type TfjsBackendChoice } from '../ml/tfjs/backend.js';
import { VGG16_LAYER_NAMES } from '../ml/vgg16/architecture.js';
import { MIN_SIZE } from '../ml/vgg16/backbone-spec.js';
import { writeKerasH5 } from '../ml/weights/keras-h5-write.js';
import type { JobContext } from './job-context.js';

export { assertSurgeryTargetFree, surgeryOutFile } from './surgery-target.js';

/** Frames are distilled at the library's size, but at most this by default (speed is still measured at the library's size). */
export const DEFAULT_SURGERY_MAX_SIZE = 64;

export interface Block1SurgeryOptions {
  /** The weight set to edit: a name or id, or random[:SEED]. */
  weights: string;
  /** The absolute .h5 path to write. */
  out: string;
  /** Also register the result as a weight set of this name. */
  name?: string | undefined;
  size?: number | undefined;
  epochs?: number | undefined;
  framesPerClip?: number | undefined;
  batchSize?: number | undefined;
  learningRate?: number | undefined;
  init?: 'composed' | 'glorot' | undefined;
  /** Where features are compared and speed measured; default block5_pool. */
  cut?: string | undefined;
  seed?: number | undefined;
  backend?: TfjsBackendChoice | undefined;
  onEpoch?: ((epoch: { epoch: number; loss: number; seconds: number }) => void) | undefined;
}

/**
 * Layer surgery (`filmroom backbone replace-block1`, the Training view's panel): block1_conv1 +
 * block1_conv2 become one 5×5 conv distilled on the library's frames, every other weight kept; the
 * result is written as a Keras .h5 and, with a name, registered as a weight set.
 */
export async function runBlock1Surgery(db: Database, options: Block1SurgeryOptions, context: JobContext = {}): Promise<Block1SurgeryReport> {
  const say = context.say ?? (() => {});
  const cut = options.cut ?? 'block5_pool';
  // A taken name is refused before the work, not after it.
  if (options.name && findWeightSet(db, options.name)) throw new ConflictError(`A weight set is already called "${options.name}": choose another --name.`);
  const { record, weights } = await loadWeightSet(db, options.weights);
  if (VGG16_LAYER_NAMES.indexOf(cut) > VGG16_LAYER_NAMES.indexOf(record.upTo)) {
    throw new ValidationError(`The weight set "${record.name}" reaches only ${record.upTo}: use --cut ${record.upTo} or earlier.`);
  }
  const settings = readSettings(db);
  const size = options.size ?? Math.min(settings.frameSize, DEFAULT_SURGERY_MAX_SIZE);
  if (size < MIN_SIZE) throw new ValidationError(`--size must be at least ${MIN_SIZE} (VGG16's five pools), got ${size}`);
  const framesPerClip = options.framesPerClip ?? 2;
  if (framesPerClip < 1 || framesPerClip > settings.clipFrames) throw new ValidationError(`--frames-per-clip must be 1–${settings.clipFrames} (the library's clips hold ${settings.clipFrames}), got ${framesPerClip}`);
  const seed = options.seed ?? DISTILL_DEFAULTS.seed;
  let frames;
  try {
    frames = libraryFrames(db, ClipCache.besideLibrary(db.name), { storedFrames: settings.clipFrames, framesPerClip, size, seed });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ValidationError(`This library has no clips to distil on (${error.message}): run \`filmroom import\` on a season and \`filmroom extract\` first.`);
  }
  const { engine } = await initTfjs(options.backend ?? 'node-gpu');
  say(`Distil    block1_conv1 + block1_conv2 of "${record.name}" → block1_conv5x5 on ${frames.train.length} frames of ${frames.clips} clips at ${size}×${size} (${frames.heldOut.length} held out), ${engine}`);
  const result = await replaceBlock1WithConv5x5({
    weights, cut, size, frames: frames.source, train: frames.train, heldOut: frames.heldOut, seed,
    // Speed where the backbone runs in use: at the library's frame size.
    timingSize: settings.frameSize,
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
    ...(options.init ? { init: options.init } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
    onProgress: ({ done, total }) => context.onProgress?.({ done, total, label: 'distilling block1' }),
    onEpoch: (e) => options.onEpoch?.(e),
  });
  if (result.cancelled || !result.report || context.signal?.aborted) throw new CancelledError('Distillation was cancelled; nothing was written.');
  await writeKerasH5(result.weights, options.out);
  let weightSet: Block1SurgeryReport['weightSet'] = null;
  if (options.name) {
    const registered = (await registerWeightsFile(db, options.out, { name: options.name })).record;
    weightSet = { id: registered.id, name: registered.name, sha256: registered.sha256, path: registered.path, upTo: registered.upTo };
  }
  return { ...result.report, weights: record.name, engine, clips: frames.clips, out: options.out, weightSet };
}
