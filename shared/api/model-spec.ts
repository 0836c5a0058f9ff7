/**
 * A training run's model spec: which backbone made the features, the RNN head over them, and how the
 * head is trained. Schema-validated on every front door; every field the issue leaves open has a default,
 * so `ModelSpec.parse({ backbone: { weights, cut, pooling, size } })` is a complete spec.
 */
import { z } from 'zod';
import { VGG16_LAYER_NAMES } from './vgg16-layers.js';

export const BackboneSignature = z
  .object({
    /** The weight set's name or hash (e.g. 'imagenet', 'random'). */
    weights: z.string().min(1).max(200),
    /** The VGG16 layer whose output is pooled into a frame's feature vector. */
    cut: z.enum(VGG16_LAYER_NAMES),
    pooling: z.enum(['avg', 'max', 'grid', 'none']),
    /** Cells per side when pooling is 'grid'. */
    grid: z.number().int().min(1).max(64).optional(),
    /** S: frames are resized to S×S before the backbone. */
    size: z.number().int().min(32).max(1024),
    /** T: frames per clip (shorter clips are padded with zero frames). */
    frames: z.number().int().min(1).max(1000).default(40),
  })
  .strict();
export type BackboneSignature = z.infer<typeof BackboneSignature>;

export const HeadSpec = z
  .object({
    cell: z.enum(['lstm', 'gru']).default('lstm'),
    units: z.number().int().min(1).max(1024).default(64),
    layers: z.number().int().min(1).max(4).default(1),
    bidirectional: z.boolean().default(false),
    /** Dropout rate applied to the last recurrent layer's output, before the classifier. */
    dropout: z.number().min(0).max(0.9).default(0.2),
    /** Skip all-zero frames (padding of clips shorter than T). */
    masking: z.boolean().default(true),
    /**
     * Average the T frames into this many equal segments before the recurrent layers (0: every frame).
     * Averaging steadies noisy per-frame features; the RNN still reads the segments in order.
     */
    segments: z.number().int().min(0).max(1000).default(0),
    /** Append to each step its difference from the previous step (motion), doubling the input. */
    deltas: z.boolean().default(false),
    /**
     * Motion energy: each step's mean absolute frame-to-frame change per feature, taken on the T frames
     * before averaging. 'append' adds it to the step, 'only' feeds the head motion alone (no stills, no deltas).
     */
    motion: z.enum(['none', 'append', 'only']).default('none'),
    /** Project each step to this many features (Dense + ReLU, shared over time) before the RNN; 0: none. */
    projection: z.number().int().min(0).max(4096).default(0),
    /** Dropout on the head's input features. */
    inputDropout: z.number().min(0).max(0.9).default(0),
    /**
     * Gaussian noise of this standard deviation added to the head's (standardised) input features while
     * training, never when predicting: for a linear map it is ridge regression's penalty, so the head
     * cannot lean on a few features that happen to separate the training games.
     */
    inputNoise: z.number().min(0).max(10).default(0),
  })
  .strict();
export type HeadSpec = z.infer<typeof HeadSpec>;

export const OptimizerSpec = z
  .object({
    name: z.literal('adam').default('adam'),
    learningRate: z.number().positive().max(10).default(1e-3),
    /**
     * Lower the learning rate when the validation loss stalls: times `factor` after `patience` epochs
     * without a lower one, down to `minFactor` times the starting rate. Absent: a constant rate.
     */
    plateau: z
      .object({
        patience: z.number().int().min(1).max(1000),
        factor: z.number().gt(0).lt(1).default(0.5),
        minFactor: z.number().gt(0).max(1).default(1 / 16),
      })
      .strict()
      .optional(),
  })
  .strict();
export type OptimizerSpec = z.infer<typeof OptimizerSpec>;

export const EarlyStoppingSpec = z
  .object({
    /** Epochs without a lower validation loss before stopping (0: stop at the first such epoch). */
    patience: z.number().int().min(0).max(1000).default(5),
    /** At the end of a run, put back the weights of the epoch with the lowest validation loss. */
    restoreBest: z.boolean().default(true),
  })
  .strict();
export type EarlyStoppingSpec = z.infer<typeof EarlyStoppingSpec>;

/**
 * What the training loop does to each training batch (never to validation, held-out or predicted
 * clips). `flips`: mirror each clip's grid features at random, left-right ('horizontal') or also
 * top-bottom ('both'), as if the film were mirrored with its court: plays attack either basket and
 * run on either side of the floor, so a mirrored play is the same play type. Grid pooling only.
 */
export const AugmentSpec = z
  .object({
    flips: z.enum(['none', 'horizontal', 'both']).default('none'),
  })
  .strict();
export type AugmentSpec = z.infer<typeof AugmentSpec>;

/**
 * How any run trains, whatever its model (a head on features, a fine-tuned clip model, a stack, a
 * backbone): the fields head runs and transfer runs share, with each kind's own default batch and length.
 */
export function trainingSettings(defaults: { batchSize: number; epochs: number; maxBatchSize: number }) {
  return {
    batchSize: z.number().int().min(1).max(defaults.maxBatchSize).default(defaults.batchSize),
    epochs: z.number().int().min(1).max(10_000).default(defaults.epochs),
    earlyStopping: EarlyStoppingSpec.prefault({}),
    /** 'balanced': class c's samples weigh n_samples / (classes · count_c) in the training loss. */
    classWeighting: z.enum(['none', 'balanced']).default('balanced'),
    /** Seeds the split by game (held-out and validation games) and every epoch's shuffle. */
    splitSeed: z.number().int().min(0).max(0xffff_ffff).default(1),
    heldOutFraction: z.number().gt(0).lt(1).default(0.2),
  };
}

/** A head run: an RNN head trained on cached backbone features. */
export const ModelSpec = z
  .object({
    kind: z.literal('head').default('head'),
    backbone: BackboneSignature,
    head: HeadSpec.prefault({}),
    optimizer: OptimizerSpec.prefault({}),
    augment: AugmentSpec.prefault({}),
    ...trainingSettings({ batchSize: 16, epochs: 30, maxBatchSize: 4096 }),
  })
  .strict()
  .refine((spec) => spec.backbone.pooling === 'grid' || spec.backbone.grid === undefined, {
    message: 'grid is only meaningful with pooling "grid"',
    path: ['backbone', 'grid'],
  })
  .refine((spec) => spec.augment.flips === 'none' || spec.backbone.pooling === 'grid', {
    message: 'flips mirror a grid of features: they need pooling "grid"',
    path: ['augment', 'flips'],
  });
/** A complete spec, defaults filled in. */
export type ModelSpec = z.infer<typeof ModelSpec>;
/** What a caller may send: defaulted fields may be left out. */
export type ModelSpecInput = z.input<typeof ModelSpec>;
