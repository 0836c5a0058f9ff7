import { z } from 'zod';
import type { Block1SurgeryReport } from '../../../shared/api/transfer.js';
import { WeightSetName } from '../../../shared/api/transfer.js';
import { DEFAULT_SURGERY_MAX_SIZE, runBlock1Surgery } from '../../application/block1-surgery.js';
import { withLibrary } from '../../application/job-context.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { DISTILL_DEFAULTS } from '../../ml/surgery/distill.js';
import { VGG16_LAYER_NAMES } from '../../ml/vgg16/architecture.js';
import { LIBRARY_OPTION, type Command } from '../command.js';
import { writableOut } from './backbone-surgery.js';

const wholeNumber = (what: string) => z.string().regex(/^\d+$/, `${what} must be a whole number`).transform(Number);
const decimal = (what: string) => z.string().regex(/^(\d+\.?\d*|\.\d+)(e-?\d+)?$/i, `${what} must be a number such as 0.001`).transform(Number);
/** Layers the edited backbone has: block1_pool and later. */
const COMPARABLE = VGG16_LAYER_NAMES.slice(VGG16_LAYER_NAMES.indexOf('block1_pool'));

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

/** What `--json` prints: the report, the file written and, with --name, the registered weight set. */
export type ReplaceBlock1CommandResult = Block1SurgeryReport;

export const backboneReplaceBlock1Command: Command<z.infer<typeof Options>> = {
  path: ['backbone', 'replace-block1'],
  summary: 'Replace VGG16’s block1_conv1 + block1_conv2 by one 5×5 conv distilled on the library’s frames (every other weight kept), report the speed-up and how close the features stay, and write the weight set as a Keras .h5 file.',
  options: {
    library: LIBRARY_OPTION,
    weights: { type: 'string', valueName: 'W', description: 'the weight set to edit (`filmroom weights list`), or random[:SEED]' },
    out: { type: 'string', valueName: 'FILE', description: 'the .h5 file to write (Keras 2 layout: input_1, block1_conv5x5, block1_pool, block2_conv1, …)' },
    size: { type: 'string', valueName: 'S', description: `frame size S×S (default: the library’s, at most ${DEFAULT_SURGERY_MAX_SIZE}); clips at another size are resized` },
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
    const bar = context.progressReporter();
    try {
      const report = await withLibrary(resolveLibraryPath(options.library, context.env), (db) =>
        runBlock1Surgery(db, {
          weights: options.weights, out, name: options.name, size: options.size, epochs: options.epochs, framesPerClip: options['frames-per-clip'],
          batchSize: options['batch-size'], learningRate: options.lr, init: options.init, cut: options.cut, seed: options.seed,
          backend: options.backend === 'auto' ? 'node-gpu' : options.backend,
          onEpoch: (e) => {
            bar.finish();
            context.progress(`epoch ${String(e.epoch).padStart(3)}  loss ${e.loss.toPrecision(5)}  (${e.seconds.toFixed(1)} s)`);
          },
        }, {
          signal: controller.signal,
          onProgress: ({ done, total, label }) => bar.update(done, total, label),
          say: context.info,
        }),
      );
      bar.finish();
      context.info(`Block1    MSE ${report.block1MseBefore.toPrecision(4)} → ${report.block1MseAfter.toPrecision(4)} on held-out frames (${report.init} start); ${report.block1ParamsBefore.toLocaleString('en')} → ${report.block1ParamsAfter.toLocaleString('en')} weights`);
      context.info(`Features  mean cosine at ${report.cut} ${report.cosine.toFixed(4)} (${report.cosineBefore.toFixed(4)} before distillation)`);
      context.info(`Speed     ${report.msPerFrameOriginal.toFixed(1)} → ${report.msPerFrameVariant.toFixed(1)} ms per frame to ${report.cut} at ${report.timingSize}×${report.timingSize}: ×${report.speedUp.toFixed(2)} (block1 alone ×${report.block1SpeedUp.toFixed(2)})`);
      context.info(`Wrote     ${out}`);
      if (report.weightSet) context.info(`Saved     weight set "${report.weightSet.name}" (up to ${report.weightSet.upTo}): \`filmroom extract --weights ${report.weightSet.name}\` runs the edited backbone`);
      return report;
    } finally {
      bar.finish();
    }
  },
};
