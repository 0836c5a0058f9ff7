import { z } from 'zod';
import { WeightSetName } from '../../../shared/api/transfer.js';
import { CancelledError, ConflictError, ValidationError } from '../../../shared/errors.js';
import { registerWeightsFile } from '../../features/weights-registry.js';
import { findWeightSet } from '../../library/repositories/weight-sets.js';
import { readSettings } from '../../library/repositories/settings.js';
import { ClipCache } from '../../media/clip-cache.js';
import { DISTILL_DEFAULTS } from '../../ml/surgery/distill.js';
import { libraryFrames } from '../../ml/surgery/library-frames.js';
import { replaceBlock1WithConv5x5, type ReplaceBlock1Report } from '../../ml/surgery/replace-block1.js';
import { initTfjs } from '../../ml/tfjs/backend.js';
import { VGG16_LAYER_NAMES } from '../../ml/vgg16/architecture.js';
import { MIN_SIZE } from '../../ml/vgg16/backbone-spec.js';
import { writeKerasH5 } from '../../ml/weights/keras-h5-write.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { withWeightSet, writableOut } from './backbone-surgery.js';

const wholeNumber = (what: string) => z.string().regex(/^\d+$/, `${what} must be a whole number`).transform(Number);
const decimal = (what: string) => z.string().regex(/^(\d+\.?\d*|\.\d+)(e-?\d+)?$/i, `${what} must be a number such as 0.001`).transform(Number);
/** Layers the edited backbone has: block1_pool and later. */
const COMPARABLE = VGG16_LAYER_NAMES.slice(VGG16_LAYER_NAMES.indexOf('block1_pool'));
/** Frames are distilled at the library's size, but at most this by default (speed is still measured at the library's size). */
const DEFAULT_MAX_SIZE = 64;

const Options = z
  .object({
    library: z.string().min(1).optional(),
    weights: z.string({ error: 'choose the weights: a name from `filmroom weights list`, or "random"' }).min(1),
    out: z.string({ error: 'name the .h5 file to write with --out' }).min(1),
    size: wholeNumber('--size').optional(),
    epochs: wholeNumber('--epochs').optional(),
    'frames-per-clip': wholeNumber('--frames-per-clip').optional(),
    'batch-size': wholeNumber('--batch-size').optional(),
    lr: decimal('--lr').optional(),
    init: z.enum(['composed', 'glorot']).optional(),
    cut: z.enum(COMPARABLE as [string, ...string[]], { error: `--cut must be one of: ${COMPARABLE.join(', ')}` }).default('block5_pool'),
    seed: wholeNumber('--seed').optional(),
    backend: z.enum(['auto', 'wasm', 'cpu']).default('auto'),
    name: WeightSetName.optional(),
  })
  .strict();

export type ReplaceBlock1CommandResult = ReplaceBlock1Report & {
  weights: string; engine: string; clips: number; out: string;
  /** The library's weight set for the result, with --name: `filmroom extract --weights NAME` runs the edited backbone. */
  weightSet: { id: number; name: string; sha256: string; path: string; upTo: string } | null;
};

export const backboneReplaceBlock1Command: Command<z.infer<typeof Options>> = {
  path: ['backbone', 'replace-block1'],
  summary: 'Replace VGG16’s block1_conv1 + block1_conv2 by one 5×5 conv distilled on the library’s frames (every other weight kept), report the speed-up and how close the features stay, and write the weight set as a Keras .h5 file.',
  options: {
    library: LIBRARY_OPTION,
    weights: { type: 'string', valueName: 'W', description: 'the weight set to edit (`filmroom weights list`), or random[:SEED]' },
    out: { type: 'string', valueName: 'FILE', description: 'the .h5 file to write (Keras 2 layout: input_1, block1_conv5x5, block1_pool, block2_conv1, …)' },
    size: { type: 'string', valueName: 'S', description: `frame size S×S (default: the library’s, at most ${DEFAULT_MAX_SIZE}); clips at another size are resized` },
    epochs: { type: 'string', valueName: 'N', description: `distillation epochs (default ${DISTILL_DEFAULTS.epochs})` },
    'frames-per-clip': { type: 'string', valueName: 'N', description: 'frames taken from each clip, evenly spaced (default 2)' },
    'batch-size': { type: 'string', valueName: 'N', description: `frames per batch (default ${DISTILL_DEFAULTS.batchSize})` },
    lr: { type: 'string', valueName: 'X', description: `Adam’s learning rate (default ${DISTILL_DEFAULTS.learningRate})` },
    init: { type: 'string', valueName: 'I', description: 'the 5×5 kernel’s start: composed (default: block1’s two 3×3 kernels composed, inner ReLU ignored) or glorot' },
    cut: { type: 'string', valueName: 'LAYER', description: 'where features are compared and speed measured (default block5_pool)' },
    seed: { type: 'string', valueName: 'N', description: 'seed of the split, the shuffles and a Glorot start (default 1)' },
    backend: { type: 'string', valueName: 'B', description: 'auto (best that loads), wasm or cpu' },
    name: { type: 'string', valueName: 'NAME', description: 'also register the result as a weight set of this name, for `extract --weights NAME` and training' },
  },
  positionals: [],
  schema: Options,
  examples: [
    'filmroom backbone replace-block1 --weights imagenet --out imagenet-b1-5x5.h5',
    'filmroom backbone replace-block1 --weights random:1 --size 112 --epochs 2 --backend wasm --out r1-5x5.h5 --json',
    'filmroom backbone replace-block1 --weights imagenet --out imagenet-5x5.h5 --name imagenet-5x5 && filmroom extract --weights imagenet-5x5 --cut block5_pool --pool avg',
  ],
  async run(context, options): Promise<ReplaceBlock1CommandResult> {
    const out = writableOut(options.out);
    const controller = new AbortController();
    void context.interrupted.then(() => controller.abort());
    return withWeightSet(context, options.library, options.weights, async (room, { record, weights }) => {
      // A taken name is refused before the work, not after it.
      if (options.name && findWeightSet(room.db, options.name)) throw new ConflictError(`A weight set is already called "${options.name}": choose another --name.`);
      if (VGG16_LAYER_NAMES.indexOf(options.cut) > VGG16_LAYER_NAMES.indexOf(record.upTo)) {
        throw new ValidationError(`The weight set "${record.name}" reaches only ${record.upTo}: use --cut ${record.upTo} or earlier.`);
      }
      const settings = readSettings(room.db);
      const size = options.size ?? Math.min(settings.frameSize, DEFAULT_MAX_SIZE);
      if (size < MIN_SIZE) throw new ValidationError(`--size must be at least ${MIN_SIZE} (VGG16's five pools), got ${size}`);
      const framesPerClip = options['frames-per-clip'] ?? 2;
      if (framesPerClip < 1 || framesPerClip > settings.clipFrames) throw new ValidationError(`--frames-per-clip must be 1–${settings.clipFrames} (the library's clips hold ${settings.clipFrames}), got ${framesPerClip}`);
      const seed = options.seed ?? DISTILL_DEFAULTS.seed;
      let frames;
      try {
        frames = libraryFrames(room.db, ClipCache.besideLibrary(room.db.name), { storedFrames: settings.clipFrames, framesPerClip, size, seed });
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        throw new ValidationError(`This library has no clips to distil on (${(error as Error).message}): run \`filmroom import\` on a season and \`filmroom extract\` first.`);
      }
      const { engine } = await initTfjs(options.backend === 'auto' ? 'node-gpu' : options.backend);
      context.info(`Distil    block1_conv1 + block1_conv2 of "${record.name}" → block1_conv5x5 on ${frames.train.length} frames of ${frames.clips} clips at ${size}×${size} (${frames.heldOut.length} held out), ${engine}`);
      const bar = context.progressReporter();
      try {
        const result = await replaceBlock1WithConv5x5({
          weights, cut: options.cut, size, frames: frames.source, train: frames.train, heldOut: frames.heldOut, seed,
          // Speed where the backbone runs in use: at the library's frame size.
          timingSize: settings.frameSize,
          ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
          ...(options['batch-size'] !== undefined ? { batchSize: options['batch-size'] } : {}),
          ...(options.lr !== undefined ? { learningRate: options.lr } : {}),
          ...(options.init ? { init: options.init } : {}),
          signal: controller.signal,
          onProgress: ({ done, total }) => bar.update(done, total, 'distilling block1'),
          onEpoch: (e) => {
            bar.finish();
            context.progress(`epoch ${String(e.epoch).padStart(3)}  loss ${e.loss.toPrecision(5)}  (${e.seconds.toFixed(1)} s)`);
          },
        });
        bar.finish();
        if (result.cancelled || !result.report || controller.signal.aborted) throw new CancelledError('Distillation was cancelled; nothing was written.');
        await writeKerasH5(result.weights, out);
        const report = result.report;
        context.info(`Block1    MSE ${report.block1MseBefore.toPrecision(4)} → ${report.block1MseAfter.toPrecision(4)} on held-out frames (${report.init} start); ${report.block1ParamsBefore.toLocaleString('en')} → ${report.block1ParamsAfter.toLocaleString('en')} weights`);
        context.info(`Features  mean cosine at ${report.cut} ${report.cosine.toFixed(4)} (${report.cosineBefore.toFixed(4)} before distillation)`);
        context.info(`Speed     ${report.msPerFrameOriginal.toFixed(1)} → ${report.msPerFrameVariant.toFixed(1)} ms per frame to ${report.cut} at ${report.timingSize}×${report.timingSize}: ×${report.speedUp.toFixed(2)} (block1 alone ×${report.block1SpeedUp.toFixed(2)})`);
        context.info(`Wrote     ${out}`);
        let weightSet: ReplaceBlock1CommandResult['weightSet'] = null;
        if (options.name) {
          const registered = (await registerWeightsFile(room.db, out, { name: options.name })).record;
          weightSet = { id: registered.id, name: registered.name, sha256: registered.sha256, path: registered.path, upTo: registered.upTo };
          context.info(`Saved     weight set "${registered.name}" (up to ${registered.upTo}): \`filmroom extract --weights ${registered.name}\` runs the edited backbone`);
        }
        return { ...report, weights: record.name, engine, clips: frames.clips, out, weightSet };
      } finally {
        bar.finish();
      }
    });
  },
};
