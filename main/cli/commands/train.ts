import { z } from 'zod';
import { ModelSpec, type ModelSpecInput } from '../../../shared/api/model-spec.js';
import type { EpochRecord, RunMetrics } from '../../../shared/api/training.js';
import { ValidationError } from '../../../shared/errors.js';
import { withLibrary } from '../../application/job-context.js';
import { newTrainingRun, runTraining, type TrainingOutcome } from '../../application/train.js';
import { resolveLibraryPath } from '../../library/paths.js';
import { readSettings } from '../../library/repositories/settings.js';
import { getRun } from '../../library/repositories/training-runs.js';
import { findWeightSet } from '../../library/repositories/weight-sets.js';
import { formatSchemaError } from '../../rpc/format-schema-error.js';
import { defaultRunName } from '../../training/run-name.js';
import { LIBRARY_OPTION, type CliContext, type Command } from '../command.js';
import { BACKBONE_OPTION_SPECS } from './extract.js';

const wholeNumber = (what: string) => z.string().regex(/^\d+$/, `${what} must be a whole number`).transform(Number);
const decimal = (what: string) => z.string().regex(/^(\d+\.?\d*|\.\d+)(e-?\d+)?$/i, `${what} must be a number such as 0.001`).transform(Number);

const Options = z
  .object({
    library: z.string().min(1).optional(),
    resume: wholeNumber('--resume').optional(),
    name: z.string().min(1).max(100).optional(),
    weights: z.string().min(1).optional(),
    cut: z.string().min(1).optional(),
    pool: z.string().min(1).optional(),
    grid: wholeNumber('--grid').optional(),
    size: wholeNumber('--size').optional(),
    cell: z.string().optional(),
    units: wholeNumber('--units').optional(),
    layers: wholeNumber('--layers').optional(),
    bidirectional: z.boolean().optional(),
    dropout: decimal('--dropout').optional(),
    'no-masking': z.boolean().optional(),
    segments: wholeNumber('--segments').optional(),
    deltas: z.boolean().optional(),
    motion: z.enum(['none', 'append', 'only'], { message: '--motion must be none, append or only' }).optional(),
    projection: wholeNumber('--projection').optional(),
    'input-dropout': decimal('--input-dropout').optional(),
    'input-noise': decimal('--input-noise').optional(),
    flips: z.enum(['none', 'horizontal', 'both'], { message: '--flips must be none, horizontal or both' }).optional(),
    lr: decimal('--lr').optional(),
    'lr-plateau': wholeNumber('--lr-plateau').optional(),
    'batch-size': wholeNumber('--batch-size').optional(),
    epochs: wholeNumber('--epochs').optional(),
    patience: wholeNumber('--patience').optional(),
    'no-restore-best': z.boolean().optional(),
    'class-weighting': z.string().optional(),
    'split-seed': wholeNumber('--split-seed').optional(),
    'held-out': decimal('--held-out').optional(),
    backend: z.enum(['auto', 'wasm', 'cpu']).default('auto'),
  })
  .strict();
type TrainOptions = z.infer<typeof Options>;

/** What `filmroom train --json` prints (snake_cased). */
export type TrainCommandResult = TrainingOutcome;

/** The spec the flags describe; anything left out takes the spec's defaults. */
export function specFromFlags(options: TrainOptions, defaults: { weights: string; size: number }): ModelSpec {
  const input: ModelSpecInput = {
    backbone: {
      weights: options.weights ?? defaults.weights,
      cut: (options.cut ?? 'block5_pool') as ModelSpecInput['backbone']['cut'],
      pooling: (options.pool ?? 'avg') as ModelSpecInput['backbone']['pooling'],
      ...(options.grid !== undefined ? { grid: options.grid } : {}),
      size: options.size ?? defaults.size,
    },
    head: {
      ...(options.cell !== undefined ? { cell: options.cell as 'lstm' } : {}),
      ...(options.units !== undefined ? { units: options.units } : {}),
      ...(options.layers !== undefined ? { layers: options.layers } : {}),
      ...(options.bidirectional ? { bidirectional: true } : {}),
      ...(options.dropout !== undefined ? { dropout: options.dropout } : {}),
      ...(options['no-masking'] ? { masking: false } : {}),
      ...(options.segments !== undefined ? { segments: options.segments } : {}),
      ...(options.deltas ? { deltas: true } : {}),
      ...(options.motion !== undefined ? { motion: options.motion } : {}),
      ...(options.projection !== undefined ? { projection: options.projection } : {}),
      ...(options['input-dropout'] !== undefined ? { inputDropout: options['input-dropout'] } : {}),
      ...(options['input-noise'] !== undefined ? { inputNoise: options['input-noise'] } : {}),
    },
    optimizer: {
      ...(options.lr !== undefined ? { learningRate: options.lr } : {}),
      ...(options['lr-plateau'] !== undefined ? { plateau: { patience: options['lr-plateau'] } } : {}),
    },
    ...(options.flips !== undefined ? { augment: { flips: options.flips } } : {}),
    ...(options['batch-size'] !== undefined ? { batchSize: options['batch-size'] } : {}),
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    earlyStopping: {
      ...(options.patience !== undefined ? { patience: options.patience } : {}),
      ...(options['no-restore-best'] ? { restoreBest: false } : {}),
    },
    ...(options['class-weighting'] !== undefined ? { classWeighting: options['class-weighting'] as 'none' } : {}),
    ...(options['split-seed'] !== undefined ? { splitSeed: options['split-seed'] } : {}),
    ...(options['held-out'] !== undefined ? { heldOutFraction: options['held-out'] } : {}),
  };
  const parsed = ModelSpec.safeParse(input);
  if (!parsed.success) throw new ValidationError(`The model spec is not valid: ${formatSchemaError(parsed.error)}.`);
  return parsed.data;
}

export function printEpoch(context: CliContext, epoch: EpochRecord): void {
  const val = epoch.valLoss === null ? '' : `  val_loss ${epoch.valLoss.toFixed(4)}  val_acc ${(epoch.valAccuracy ?? 0).toFixed(3)}  macro_F1 ${(epoch.macroF1 ?? 0).toFixed(3)}`;
  context.progress(`epoch ${String(epoch.epoch).padStart(3)}  loss ${epoch.loss.toFixed(4)}  acc ${epoch.accuracy.toFixed(3)}${val}  (${epoch.durationS.toFixed(1)} s)`);
}

export function printMetrics(context: CliContext, metrics: RunMetrics): void {
  context.info(`Held out  ${metrics.heldOutPlays} plays of ${metrics.heldOutGames} games`);
  context.info(`Accuracy  ${metrics.accuracy.toFixed(3)}   macro-F1 ${metrics.macroF1.toFixed(3)}   top-2 ${metrics.top2Accuracy.toFixed(3)}`);
}

export const trainCommand: Command<TrainOptions> = {
  path: ['train'],
  summary: 'Train the play classifier (an RNN head on cached backbone features), or resume a run; evaluates on held-out games.',
  options: {
    library: LIBRARY_OPTION,
    resume: { type: 'string', valueName: 'RUN', description: 'continue run RUN from its last checkpoint (the other options are the run’s own)' },
    name: { type: 'string', valueName: 'NAME', description: 'a name for the run list (default: made from the spec)' },
    ...BACKBONE_OPTION_SPECS,
    weights: { ...BACKBONE_OPTION_SPECS.weights, description: 'weight set (default: imagenet when registered, else random)' },
    cut: { ...BACKBONE_OPTION_SPECS.cut, description: 'the VGG16 layer to cut at (default block5_pool)' },
    pool: { ...BACKBONE_OPTION_SPECS.pool, description: 'avg (default), max, grid or none' },
    cell: { type: 'string', valueName: 'C', description: 'lstm (default) or gru' },
    units: { type: 'string', valueName: 'N', description: 'units per recurrent layer (default 64)' },
    layers: { type: 'string', valueName: 'N', description: 'stacked recurrent layers (default 1)' },
    bidirectional: { type: 'boolean', description: 'read each clip forwards and backwards' },
    dropout: { type: 'string', valueName: 'R', description: 'dropout before the classifier (default 0.2)' },
    'no-masking': { type: 'boolean', description: 'do not skip all-zero (padding) frames' },
    segments: { type: 'string', valueName: 'N', description: 'average the frames into N segments before the RNN (default 0: every frame)' },
    deltas: { type: 'boolean', description: 'give the RNN each step’s change from the previous one as well (motion)' },
    motion: { type: 'string', valueName: 'M', description: 'motion energy per step (mean |frame-to-frame change|): none (default), append, or only' },
    projection: { type: 'string', valueName: 'N', description: 'project each step to N features (Dense + ReLU) before the RNN (default 0: none)' },
    'input-dropout': { type: 'string', valueName: 'R', description: 'dropout on the head’s input features (default 0)' },
    'input-noise': { type: 'string', valueName: 'S', description: 'Gaussian noise (std) on the head’s input features while training (default 0)' },
    flips: { type: 'string', valueName: 'F', description: 'mirror training clips at random (grid pooling): none (default), horizontal, or both (also top-bottom)' },
    lr: { type: 'string', valueName: 'X', description: 'Adam’s learning rate (default 0.001)' },
    'lr-plateau': { type: 'string', valueName: 'N', description: 'halve the learning rate after N epochs without a lower validation loss (down to 1/16; default: constant)' },
    'batch-size': { type: 'string', valueName: 'N', description: 'clips per batch (default 16)' },
    epochs: { type: 'string', valueName: 'N', description: 'most epochs to train (default 30)' },
    patience: { type: 'string', valueName: 'N', description: 'stop after N epochs without a lower validation loss (default 5)' },
    'no-restore-best': { type: 'boolean', description: 'keep the last epoch’s weights instead of the best epoch’s' },
    'class-weighting': { type: 'string', valueName: 'W', description: 'balanced (default) or none' },
    'split-seed': { type: 'string', valueName: 'S', description: 'seed of the split by game and the shuffles (default 1)' },
    'held-out': { type: 'string', valueName: 'F', description: 'share of plays in held-out games (default 0.2)' },
    backend: { type: 'string', valueName: 'B', description: 'auto (best that loads), wasm or cpu' },
  },
  positionals: [],
  schema: Options,
  examples: [
    'filmroom train --weights imagenet --cut block5_pool --pool avg --epochs 30',
    'filmroom train --weights random --cut block3_pool --pool grid --grid 2 --size 112 --cell gru --units 32 --json',
    'filmroom train --resume 3',
  ],
  async run(context, options): Promise<TrainCommandResult> {
    const controller = new AbortController();
    void context.interrupted.then(() => controller.abort());
    const bar = context.progressReporter();
    try {
      return await withLibrary(resolveLibraryPath(options.library, context.env), async (db) => {
        let runId: number;
        if (options.resume !== undefined) {
          runId = getRun(db, options.resume).id;
          context.info(`Resuming run ${runId}`);
        } else {
          const weights = findWeightSet(db, 'imagenet') ? 'imagenet' : 'random';
          const spec = specFromFlags(options, { weights, size: readSettings(db).frameSize });
          if (!options.weights) context.info(`Weights   ${weights} (no --weights given${weights === 'random' ? '; `filmroom weights fetch imagenet` adds ImageNet’s' : ''})`);
          runId = newTrainingRun(db, spec, options.name).id;
          context.info(`Run       ${runId}: ${defaultRunName(spec)}`);
        }
        const outcome = await runTraining(db, runId, {
          ...(options.backend !== 'auto' ? { backend: options.backend } : {}),
          onEpoch: (epoch) => {
            bar.finish();
            printEpoch(context, epoch);
          },
        }, { signal: controller.signal, onProgress: ({ done, total, label }) => bar.update(done, total, label) });
        bar.finish();
        context.info(`Engine    ${outcome.engine}`);
        context.info(`Epochs    ${outcome.epochs} (best ${outcome.bestEpoch ?? '-'}; stopped by ${outcome.stoppedBy})`);
        if (outcome.metrics) printMetrics(context, outcome.metrics);
        return outcome;
      });
    } finally {
      bar.finish();
    }
  },
};
