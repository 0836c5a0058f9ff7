import { z } from 'zod';
import { HeadSpec } from '../../../shared/api/model-spec.js';
import { TrainableLayers, TransferRunSpec, type TransferModelSpecInput, type TransferRunResult, type TransferRunSpecInput } from '../../../shared/api/transfer.js';
import { ValidationError } from '../../../shared/errors.js';
import { withLibrary } from '../../application/job-context.js';
import { runTransferJob } from '../../application/transfer.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { readSettings } from '../../library/repositories/settings.js';
import { VGG16_LAYERS, VGG16_LAYER_NAMES } from '../../ml/vgg16/architecture.js';
import { formatSchemaError } from '../../rpc/format-schema-error.js';
import { LIBRARY_OPTION, type CliContext, type Command, type OptionSpec } from '../command.js';

const wholeNumber = (what: string) => z.string().regex(/^\d+$/, `${what} must be a whole number`).transform(Number);
const decimal = (what: string) => z.string().regex(/^(\d+\.?\d*|\.\d+)(e-?\d+)?$/i, `${what} must be a number such as 0.001`).transform(Number);

/** Flags every transfer command takes: how to train, on which frames, on which engine. */
export const TransferTrainingFlags = {
  library: z.string().min(1).optional(),
  size: wholeNumber('--size').optional(),
  frames: wholeNumber('--frames').optional(),
  epochs: wholeNumber('--epochs').optional(),
  'batch-size': wholeNumber('--batch-size').optional(),
  'lr-head': decimal('--lr-head').optional(),
  'lr-backbone': decimal('--lr-backbone').optional(),
  optimizer: z.enum(['adam', 'sgd']).optional(),
  patience: wholeNumber('--patience').optional(),
  'class-weighting': z.enum(['balanced', 'none']).optional(),
  'split-seed': wholeNumber('--split-seed').optional(),
  'held-out': decimal('--held-out').optional(),
  backend: z.enum(['auto', 'wasm', 'cpu']).default('auto'),
};
export type TransferTrainingOptions = z.infer<z.ZodObject<typeof TransferTrainingFlags>>;

/** Their help, but for --library, which each command lists first (LIBRARY_OPTION). */
export const TRANSFER_TRAINING_OPTION_SPECS: Readonly<Record<Exclude<keyof typeof TransferTrainingFlags, 'library'>, OptionSpec>> = {
  size: { type: 'string', valueName: 'S', description: 'frame size S×S (default: the library’s); clips at another size are resized' },
  frames: { type: 'string', valueName: 'T', description: 'frames taken from each clip, evenly spaced (default: all of the library’s)' },
  epochs: { type: 'string', valueName: 'N', description: 'most epochs to train (default 5)' },
  'batch-size': { type: 'string', valueName: 'N', description: 'clips (or frames, per frame) per batch (default 4)' },
  'lr-head': { type: 'string', valueName: 'X', description: 'learning rate of the new layers: stack, head, classifier (default 0.001)' },
  'lr-backbone': { type: 'string', valueName: 'X', description: 'learning rate of the trainable VGG16 layers (default 0.00001)' },
  optimizer: { type: 'string', valueName: 'O', description: 'adam (default) or sgd; each learning-rate group has its own' },
  patience: { type: 'string', valueName: 'N', description: 'stop after N epochs without a lower validation loss (default 5)' },
  'class-weighting': { type: 'string', valueName: 'W', description: 'balanced (default) or none' },
  'split-seed': { type: 'string', valueName: 'S', description: 'seed of the split by game and the shuffles (default 1)' },
  'held-out': { type: 'string', valueName: 'F', description: 'share of plays in held-out games (default 0.2)' },
  backend: { type: 'string', valueName: 'B', description: 'auto (best that loads), wasm or cpu' },
};

/** `--trainable block4,block5_conv3`: comma-separated blocks or conv layers, or 'all' / 'none'. */
export const trainableFlag = z
  .string()
  .transform((text, ctx) => {
    if (text.trim() === 'none') return [];
    const parsed = TrainableLayers.safeParse(text.split(',').map((item) => item.trim()).filter(Boolean));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: `--trainable takes 'all', 'none', blocks (block1 … block5) or conv layers (block5_conv3), comma-separated; got "${text}"` });
    return z.NEVER;
  });

export const cutFlag = (flag: string) => z.enum(VGG16_LAYER_NAMES as [string, ...string[]], { error: `${flag} must be a VGG16 layer: ${VGG16_LAYER_NAMES.join(', ')}` });

/** The run spec the flags describe around a model spec; anything left out takes the schema's defaults. */
export function runSpecFromFlags(options: TransferTrainingOptions, model: TransferModelSpecInput, defaults: { learningRate?: number; backboneLearningRate?: number } = {}): TransferRunSpec {
  const learningRate = options['lr-head'] ?? defaults.learningRate;
  const backboneLearningRate = options['lr-backbone'] ?? defaults.backboneLearningRate;
  const input: TransferRunSpecInput = {
    model,
    optimizer: {
      ...(options.optimizer ? { name: options.optimizer } : {}),
      ...(learningRate !== undefined ? { learningRate } : {}),
      ...(backboneLearningRate !== undefined ? { backboneLearningRate } : {}),
    },
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    ...(options['batch-size'] !== undefined ? { batchSize: options['batch-size'] } : {}),
    ...(options.patience !== undefined ? { earlyStopping: { patience: options.patience } } : {}),
    ...(options['class-weighting'] ? { classWeighting: options['class-weighting'] } : {}),
    ...(options['split-seed'] !== undefined ? { splitSeed: options['split-seed'] } : {}),
    ...(options['held-out'] !== undefined ? { heldOutFraction: options['held-out'] } : {}),
  };
  const parsed = TransferRunSpec.safeParse(input);
  if (!parsed.success) throw new ValidationError(`The spec is not valid: ${formatSchemaError(parsed.error)}.`);
  return parsed.data;
}

/** The backbone part of a model spec from the flags, S defaulting to the library's. */
export function backboneFromFlags(options: TransferTrainingOptions, weights: string, cut: string, frameSize: number): TransferModelSpecInput['backbone'] {
  return {
    weights, cut: cut as TransferModelSpecInput['backbone']['cut'], size: options.size ?? frameSize, ...(options.frames !== undefined ? { frames: options.frames } : {}),
  };
}

/**
 * Opens the library, runs the transfer spec with a progress bar and per-epoch lines, prints the
 * report, and returns it for --json.
 */
export async function runTransferCommand(
  context: CliContext, options: TransferTrainingOptions, makeSpec: (settings: { frameSize: number; clipFrames: number }) => TransferRunSpec, saveAs?: string,
): Promise<TransferRunResult> {
  const controller = new AbortController();
  void context.interrupted.then(() => controller.abort());
  const bar = context.progressReporter();
  try {
    return await withLibrary(resolveLibraryPath(options.library, context.env), async (db) => {
      const spec = makeSpec(readSettings(db));
      describeSpec(context, spec);
      const result = await runTransferJob(db, spec, {
        ...(options.backend !== 'auto' ? { backend: options.backend } : {}),
        saveAs,
        onEpoch: (e) => {
          bar.finish();
          context.progress(`epoch ${String(e.epoch).padStart(3)}  loss ${e.loss.toFixed(4)}  acc ${e.accuracy.toFixed(3)}  val_loss ${e.valLoss.toFixed(4)}  val_acc ${e.valAccuracy.toFixed(3)}  (${e.seconds.toFixed(1)} s)`);
        },
      }, { signal: controller.signal, onProgress: ({ done, total, label }) => bar.update(done, total, label) });
      bar.finish();
      printResult(context, result);
      return result;
    });
  } finally {
    bar.finish();
  }
}

function describeSpec(context: CliContext, spec: TransferRunSpec): void {
  const { model, optimizer } = spec;
  const trains = model.trainable.length ? `training ${model.trainable.join(', ')} at ${optimizer.backboneLearningRate}` : 'frozen';
  const top = model.kind === 'frame' ? `stack of ${model.stack.length} → Dense(softmax), per frame` : `${model.stack ? `stack of ${model.stack.length}` : `${model.pooling} pooling`} → ${model.head.cell.toUpperCase()}(${model.head.units}), per clip`;
  context.info(`Model     VGG16 ${model.backbone.weights} to ${model.backbone.cut} at ${model.backbone.size}×${model.backbone.size} (${trains}) → ${top} at ${optimizer.learningRate}`);
}

function printResult(context: CliContext, result: TransferRunResult): void {
  const { split, heldOut, heldOutPlays, frozen } = result;
  context.info(`Run       ${result.runId} (\`filmroom evaluate --run ${result.runId}\`)`);
  context.info(`Engine    ${result.engine}`);
  context.info(`Split     ${plural(split.trainPlays, 'play')} of ${plural(split.trainGameIds.length, 'game')} to train on, ${plural(split.validationPlays, 'play')} of ${plural(split.validationGameIds.length, 'validation game')} for early stopping, ${plural(split.heldOutPlays, 'play')} of ${plural(split.heldOutGameIds.length, 'held-out game')} to score`);
  context.info(`Params    ${result.params.total.toLocaleString('en')} (${result.params.trainable.toLocaleString('en')} train, ${result.params.backboneTrainable.toLocaleString('en')} of them in VGG16)`);
  context.info(`Epochs    ${result.epochs.length} (best ${result.bestEpoch}; stopped by ${result.stoppedBy}${result.reason ? `: ${result.reason}` : ''}), ${result.samplesPerSecond.toFixed(1)} ${result.kind === 'clip' ? 'clips' : 'frames'}/s`);
  if (heldOut) context.info(`Held out  accuracy ${heldOut.accuracy.toFixed(3)}  macro-F1 ${heldOut.macroF1.toFixed(3)}  top-2 ${heldOut.top2Accuracy.toFixed(3)} over ${heldOut.plays} ${result.kind === 'clip' ? 'clips' : 'frames'}`);
  if (heldOutPlays) context.info(`Per play  accuracy ${heldOutPlays.accuracy.toFixed(3)}  macro-F1 ${heldOutPlays.macroF1.toFixed(3)} (mean of each play’s frames)`);
  if (frozen.layers.length) context.info(`Frozen    ${plural(frozen.layers.length, 'conv layer')} ${frozen.unchanged ? 'unchanged' : 'CHANGED'} (sha256 ${frozen.sha256Before.slice(0, 12)} before, ${frozen.sha256After.slice(0, 12)} after)`);
  if (result.weightSet) context.info(`Saved     weight set "${result.weightSet.name}" (sha256 ${result.weightSet.sha256.slice(0, 12)}, up to ${result.weightSet.upTo}) → ${result.weightSet.path}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The cut's own block, e.g. block3 for block3_pool: what fine-tuning trains when --trainable is left out. */
export function blockOf(cut: string): string {
  return `block${VGG16_LAYERS.find((l) => l.name === cut)!.block}`;
}

const Options = z
  .object({
    ...TransferTrainingFlags,
    weights: z.string({ error: 'choose the weights: a name from `filmroom weights list`, or "random"' }).min(1),
    cut: cutFlag('--cut'),
    trainable: trainableFlag.optional(),
    pool: z.enum(['avg', 'max', 'grid', 'none']).default('avg'),
    grid: wholeNumber('--grid').optional(),
    cell: z.enum(['lstm', 'gru']).optional(),
    units: wholeNumber('--units').optional(),
    dropout: decimal('--dropout').optional(),
    'save-as': z.string().min(1).optional(),
  })
  .strict();

export const finetuneCommand: Command<z.infer<typeof Options>> = {
  path: ['finetune'],
  summary: 'Fine-tune the whole model (VGG16 cut, per frame → pooling → RNN head) with chosen VGG16 layers trainable at their own learning rate; evaluates on held-out games.',
  options: {
    library: LIBRARY_OPTION,
    weights: { type: 'string', valueName: 'W', description: 'the pretrained weight set (`filmroom weights list`), or random[:SEED]' },
    cut: { type: 'string', valueName: 'LAYER', description: 'the VGG16 layer to cut at, e.g. block5_pool' },
    trainable: { type: 'string', valueName: 'L', description: 'VGG16 layers that train: blocks or convs, comma-separated, all or none (default: the cut’s block)' },
    pool: { type: 'string', valueName: 'P', description: 'pooling of each frame’s map: avg (default), max, grid or none' },
    grid: { type: 'string', valueName: 'G', description: 'grid side for --pool grid (default 2)' },
    cell: { type: 'string', valueName: 'C', description: 'lstm (default) or gru' },
    units: { type: 'string', valueName: 'N', description: 'units of the recurrent layer (default 64)' },
    dropout: { type: 'string', valueName: 'R', description: 'dropout before the classifier (default 0.2)' },
    'save-as': { type: 'string', valueName: 'NAME', description: 'save the fine-tuned backbone as a weight set of this name' },
    ...TRANSFER_TRAINING_OPTION_SPECS,
  },
  positionals: [],
  schema: Options,
  examples: [
    'filmroom finetune --weights imagenet --cut block5_pool --trainable block5 --lr-backbone 1e-5 --lr-head 1e-3 --size 112 --frames 8',
    'filmroom finetune --weights imagenet --cut block3_pool --trainable block3_conv3 --epochs 3 --save-as tuned-b3 --json',
  ],
  async run(context, options): Promise<TransferRunResult> {
    const head = HeadSpec.omit({ masking: true }).parse({
      ...(options.cell ? { cell: options.cell } : {}), ...(options.units !== undefined ? { units: options.units } : {}), ...(options.dropout !== undefined ? { dropout: options.dropout } : {}),
    });
    return runTransferCommand(context, options, ({ frameSize }) => runSpecFromFlags(options, {
      kind: 'clip',
      backbone: backboneFromFlags(options, options.weights, options.cut, frameSize),
      trainable: options.trainable ?? [blockOf(options.cut) as 'block1'],
      pooling: options.pool as 'avg',
      ...(options.grid !== undefined ? { grid: options.grid } : {}),
      head,
    }), options['save-as']);
  },
};
