/**
 * The transfer-learning toolkit's contract (the classic "freeze, fine-tune, stack on any
 * layer, train your own weights"): which VGG16 layers train and at what rate, the network stacked
 * on a cut, how a run trains, what it reports, and the layer-by-layer description of a model for
 * the model view. Schema-validated on every front door; fields the user may leave out have defaults.
 */
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { Evaluation } from './training.js';
import { HeadSpec, trainingSettings } from './model-spec.js';
import { VGG16_LAYER_NAMES } from './vgg16-layers.js';

type VggLayerName = (typeof VGG16_LAYER_NAMES)[number];
type VggConvName = Extract<VggLayerName, `${string}_conv${string}`>;

export const VGG16_BLOCKS = ['block1', 'block2', 'block3', 'block4', 'block5'] as const;
export const VGG16_CONV_NAMES = VGG16_LAYER_NAMES.filter((name): name is VggConvName => name.includes('_conv')) as [VggConvName, ...VggConvName[]];

/**
 * The VGG16 layers that train: 'all' (every conv up to the cut), a block ('block5': its convs) or
 * one conv ('block4_conv3'). Everything else is frozen. Empty: the backbone is frozen whole.
 */
export const TrainableLayers = z
  .array(z.union([z.literal('all'), z.enum(VGG16_BLOCKS), z.enum(VGG16_CONV_NAMES)], { error: `name 'all', a block (block1 … block5) or a conv layer (${VGG16_CONV_NAMES[0]} …)` }))
  .max(32);
export type TrainableLayers = z.infer<typeof TrainableLayers>;

const Activation = z.enum(['relu', 'linear', 'tanh', 'sigmoid']);

/**
 * One layer of a network stacked on a cut, per frame. Spatial layers (conv2d, the 2D pools) take
 * the map [h, w, c]; flatten and the global pools turn it into a vector; dense takes a vector.
 * Convolutions have stride 1; pools have stride = pool size ('valid', as Keras's defaults).
 */
export const StackLayer = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('conv2d'),
    filters: z.number().int().min(1).max(2048),
    kernel: z.number().int().min(1).max(11).default(3),
    /** Keras's default is 'valid', as in the source's example. */
    padding: z.enum(['valid', 'same']).default('valid'),
    activation: Activation.default('relu'),
  }).strict(),
  z.object({ type: z.literal('maxPool2d'), pool: z.number().int().min(2).max(8).default(2) }).strict(),
  z.object({ type: z.literal('avgPool2d'), pool: z.number().int().min(2).max(8).default(2) }).strict(),
  z.object({ type: z.literal('globalAvgPool2d') }).strict(),
  z.object({ type: z.literal('globalMaxPool2d') }).strict(),
  z.object({ type: z.literal('flatten') }).strict(),
  z.object({ type: z.literal('dense'), units: z.number().int().min(1).max(8192), activation: Activation.default('relu') }).strict(),
  z.object({ type: z.literal('dropout'), rate: z.number().min(0).max(0.9) }).strict(),
  /** Normalises each position's last axis (channels, or the vector) to mean 0 and variance 1, then a learnt scale and offset. */
  z.object({ type: z.literal('layerNorm') }).strict(),
]);
export type StackLayer = z.infer<typeof StackLayer>;
export type StackLayerInput = z.input<typeof StackLayer>;

/** A stack, bottom first; the classifier (Dense(classes, softmax)) is added after it. */
export const StackLayers = z.array(StackLayer).max(32);

/**
 * The classic example stack on block2_pool: Conv2D(64, 3×3, relu) → MaxPooling2D(2×2) →
 * Flatten → Dense(256, relu) → Dropout(0.5), then Dense(classes, softmax).
 */
export const SOURCE_STACK: readonly StackLayerInput[] = [
  { type: 'conv2d', filters: 64, kernel: 3, activation: 'relu' },
  { type: 'maxPool2d', pool: 2 },
  { type: 'flatten' },
  { type: 'dense', units: 256, activation: 'relu' },
  { type: 'dropout', rate: 0.5 },
];

const STACK_WORDS: Readonly<Record<string, StackLayer['type']>> = {
  conv2d: 'conv2d', conv: 'conv2d', maxpool2d: 'maxPool2d', maxpool: 'maxPool2d', avgpool2d: 'avgPool2d', avgpool: 'avgPool2d',
  globalavgpool2d: 'globalAvgPool2d', gap: 'globalAvgPool2d', globalmaxpool2d: 'globalMaxPool2d', gmp: 'globalMaxPool2d',
  flatten: 'flatten', dense: 'dense', dropout: 'dropout', layernorm: 'layerNorm', norm: 'layerNorm',
};

/**
 * A stack written on one line, bottom first, for the command line and quick edits:
 * `conv2d:64:3,maxPool2d:2,flatten,dense:256,dropout:0.5` is the source's example. Items are
 * `conv2d:FILTERS[:KERNEL[:PADDING[:ACTIVATION]]]`, `maxPool2d[:POOL]`, `avgPool2d[:POOL]`,
 * `globalAvgPool2d` (or `gap`), `globalMaxPool2d`, `flatten`, `dense:UNITS[:ACTIVATION]`,
 * `dropout:RATE`, `layerNorm`; type names ignore case. A JSON array of layer objects is accepted too.
 */
export function parseStackText(text: string): StackLayer[] {
  const trimmed = text.trim();
  const fail = (message: string): never => {
    throw new ValidationError(`Cannot read the stack "${text}": ${message}.`);
  };
  let layers: unknown;
  if (trimmed.startsWith('[')) {
    try {
      layers = JSON.parse(trimmed);
    } catch (error) {
      return fail(`it is not valid JSON (${(error as Error).message})`);
    }
  } else {
    layers = trimmed.split(',').map((item, index) => {
      const [word = '', ...args] = item.trim().split(':');
      const type = STACK_WORDS[word.toLowerCase()];
      if (!type) return fail(`item ${index + 1} ("${item.trim()}") is not a layer type; use ${[...new Set(Object.values(STACK_WORDS))].join(', ')}`);
      const number = (at: number, what: string): number => {
        const value = Number(args[at]);
        return args[at] === undefined || args[at] === '' || !Number.isFinite(value) ? fail(`item ${index + 1} (${type}) needs ${what}`) : value;
      };
      switch (type) {
        case 'conv2d':
          return { type, filters: number(0, 'a filter count, e.g. conv2d:64'), ...(args[1] ? { kernel: number(1, 'a kernel size') } : {}), ...(args[2] ? { padding: args[2] } : {}), ...(args[3] ? { activation: args[3] } : {}) };
        case 'maxPool2d':
        case 'avgPool2d':
          return { type, ...(args[0] ? { pool: number(0, 'a pool size') } : {}) };
        case 'dense':
          return { type, units: number(0, 'a unit count, e.g. dense:256'), ...(args[1] ? { activation: args[1] } : {}) };
        case 'dropout':
          return { type, rate: number(0, 'a rate, e.g. dropout:0.5') };
        default:
          return { type };
      }
    });
  }
  const parsed = StackLayers.safeParse(layers);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [at, ...field] = issue.path;
    return fail(`${typeof at === 'number' ? `layer ${at + 1}` : 'the list'}${field.length ? ` (${field.join('.')})` : ''}: ${issue.message}`);
  }
  return parsed.data;
}

export const TransferBackbone = z
  .object({
    /** A weight set's name or id in the library, or 'random' / 'random:SEED'. */
    weights: z.string().min(1).max(200),
    cut: z.enum(VGG16_LAYER_NAMES),
    /** S: frames are resized to S×S. */
    size: z.number().int().min(32).max(1024),
    /** Frames taken from each clip, evenly spaced (first and last included); default: all of the library's T. */
    frames: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type TransferBackbone = z.infer<typeof TransferBackbone>;

/**
 * The whole clip model: TimeDistributed(VGG16 cut [→ stack]) → per-frame pooling (when there is no
 * stack) → the RNN head. This is what fine-tuning trains.
 */
export const ClipModelSpec = z
  .object({
    kind: z.literal('clip'),
    backbone: TransferBackbone,
    trainable: TrainableLayers.default([]),
    pooling: z.enum(['avg', 'max', 'grid', 'none']).default('avg'),
    grid: z.number().int().min(1).max(64).optional(),
    /** Applied to every frame instead of pooling; must end in a vector (flatten, a global pool or dense). */
    stack: StackLayers.optional(),
    // No masking: whole clips have no zero padding to skip (and a mask passes no gradient back to a trainable backbone).
    head: HeadSpec.omit({ masking: true }).prefault({}),
  })
  .strict()
  .refine((spec) => spec.pooling === 'grid' || spec.grid === undefined, { message: 'grid is only meaningful with pooling "grid"', path: ['grid'] });
export type ClipModelSpec = z.infer<typeof ClipModelSpec>;

/** A per-frame classifier: VGG16 cut → stack → Dense(classes, softmax); each frame carries its play's label. */
export const FrameModelSpec = z
  .object({
    kind: z.literal('frame'),
    backbone: TransferBackbone,
    trainable: TrainableLayers.default([]),
    stack: StackLayers.default(() => SOURCE_STACK.map((layer) => StackLayer.parse(layer))),
  })
  .strict();
export type FrameModelSpec = z.infer<typeof FrameModelSpec>;

export const TransferModelSpec = z.union([ClipModelSpec, FrameModelSpec]);
export type TransferModelSpec = z.infer<typeof TransferModelSpec>;
export type TransferModelSpecInput = z.input<typeof TransferModelSpec>;

/**
 * Two learning rates: the VGG16 layers that train move at `backboneLearningRate` (lower, so that
 * fine-tuning adjusts pretrained filters rather than overwriting them), everything else (stack,
 * head, classifier) at `learningRate`. Each group has its own optimizer: Adam divides every
 * gradient by its own running scale, so scaling the backbone's gradients would not slow it down.
 */
export const TransferOptimizer = z
  .object({
    name: z.enum(['adam', 'sgd']).default('adam'),
    learningRate: z.number().positive().max(10).default(1e-3),
    backboneLearningRate: z.number().positive().max(10).default(1e-5),
  })
  .strict();
export type TransferOptimizer = z.infer<typeof TransferOptimizer>;

/** A weight-set name is also a file name in the library's weights folder. */
export const WeightSetName = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a weight set name uses letters, digits, ".", "_" and "-", and starts with a letter or digit')
  .refine((name) => !/^random(:|$)/.test(name), 'names starting with "random" are reserved for random initialisation');

/** A transfer run: the whole network (or a stack, or a backbone) trained on the library's frames. */
export const TransferRunSpec = z
  .object({
    kind: z.literal('transfer').default('transfer'),
    model: TransferModelSpec,
    optimizer: TransferOptimizer.prefault({}),
    /** Save the trained backbone (its convs up to the cut) as a weight set of this name when the run finishes. */
    saveAs: WeightSetName.optional(),
    /** batchSize: clips per batch for a clip model, frames per batch for a frame model. */
    ...trainingSettings({ batchSize: 4, epochs: 5, maxBatchSize: 1024 }),
  })
  .strict();
export type TransferRunSpec = z.infer<typeof TransferRunSpec>;
export type TransferRunSpecInput = z.input<typeof TransferRunSpec>;

export interface TransferEpoch {
  /** 1-based. */
  epoch: number;
  /** Mean class-weighted training loss. */
  loss: number;
  accuracy: number;
  /** On the validation games (never the held-out ones). */
  valLoss: number;
  valAccuracy: number;
  seconds: number;
}

export type TransferStoppedBy = 'epochs' | 'early-stopping' | 'cancelled' | 'nan';

/** What a transfer run stores beyond what every run stores (its spec, split, epochs, evaluation). */
export interface TransferRunDetails {
  kind: 'clip' | 'frame';
  /** Frame models: per frame on the held-out games (the run's evaluation is per play, from the mean of its frames). Null for clip models. */
  heldOutFrames: Evaluation | null;
  trainSamples: number;
  heldOutSamples: number;
  params: { total: number; trainable: number; backboneTrainable: number };
  /** The backbone layers that trained, and proof that the others did not move: the frozen layers' hash before and after. */
  trainableLayers: string[];
  frozen: { layers: string[]; sha256Before: string; sha256After: string; unchanged: boolean };
  /** Training samples (clips or frames) per second over the run's epochs. */
  samplesPerSecond: number;
  /** When the trained backbone was saved as a weight set. */
  weightSet: SavedWeightSet | null;
}

/** What `filmroom finetune`, `stack`, `backbone train` and `transfer` report: the stored run, in one piece. */
export interface TransferRunResult {
  /** The training run in the library (listed in Training, scored in Evaluation, its predictions in Review). */
  runId: number;
  kind: 'clip' | 'frame';
  /** What ran the tensors, e.g. 'tfjs-wasm (SIMD, 1 thread)'. */
  engine: string;
  /** Every epoch of the run, resumed ones included. */
  epochs: TransferEpoch[];
  /** 0 when no epoch completed. */
  bestEpoch: number;
  stoppedBy: TransferStoppedBy;
  reason: string | null;
  split: {
    trainGameIds: number[]; validationGameIds: number[]; heldOutGameIds: number[]; trainPlays: number; validationPlays: number; heldOutPlays: number;
    trainSamples: number; heldOutSamples: number;
  };
  /** On the held-out games, per sample (a clip, or a frame for a frame model). Null when training stopped on NaN or was cancelled. */
  heldOut: Evaluation | null;
  /** Frame models: per play, from the mean of its frames' probabilities. Null for clip models. */
  heldOutPlays: Evaluation | null;
  params: { total: number; trainable: number; backboneTrainable: number };
  trainableLayers: string[];
  frozen: { layers: string[]; sha256Before: string; sha256After: string; unchanged: boolean };
  seconds: number;
  samplesPerSecond: number;
  weightSet: SavedWeightSet | null;
}

export interface SavedWeightSet {
  id: number;
  name: string;
  sha256: string;
  path: string;
  /** The deepest VGG16 layer the set reaches (the cut). */
  upTo: string;
}

/** One row of the model view: a layer of the built TensorFlow.js model. */
export interface LayerDescription {
  name: string;
  /** The TensorFlow.js / Keras class: Conv2D, MaxPooling2D, FramePooling, LSTM, Dense, … */
  type: string;
  /** Batch axis first (null); layers applied per frame of a clip have the time axis next. */
  outputShape: (number | null)[];
  params: number;
  trainable: boolean;
  part: 'input' | 'backbone' | 'pooling' | 'stack' | 'head' | 'classifier';
  /** The wrapper or nested model it lives in (e.g. the TimeDistributed backbone), else null. */
  parent: string | null;
}

export interface ModelDescription {
  kind: 'clip' | 'frame';
  /** The model's input shape, batch axis first. */
  input: (number | null)[];
  layers: LayerDescription[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

/**
 * What `filmroom backbone replace-block1` reports: block1_conv1 + block1_conv2 replaced by one 5×5
 * conv distilled on the library's frames, every other weight kept bit for bit.
 */
export interface Block1SurgeryReport {
  /** The weight set that was edited. */
  weights: string;
  engine: string;
  /** The .h5 file written (Keras 2 layout: input_1, block1_conv5x5, block1_pool, block2_conv1, …). */
  out: string;
  clips: number;
  cut: string;
  /** The frame size distillation and the feature comparison ran at. */
  size: number;
  /** The frame size the speeds were measured at: the library's. */
  timingSize: number;
  init: 'composed' | 'glorot';
  trainFrames: number;
  heldOutFrames: number;
  epochs: number;
  distillLoss: number[];
  block1MseBefore: number;
  block1MseAfter: number;
  /** Mean per-frame cosine of the cut's features, original vs edited, before and after distillation. */
  cosineBefore: number;
  cosine: number;
  msPerFrameOriginal: number;
  msPerFrameVariant: number;
  speedUp: number;
  block1SpeedUp: number;
  block1ParamsBefore: number;
  block1ParamsAfter: number;
  paramsBefore: number;
  paramsAfter: number;
  /** The library's weight set for the result, when it was registered (the app always does). */
  weightSet: SavedWeightSet | null;
}
