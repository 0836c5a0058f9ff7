/**
 * Training runs of the play classifier: start, stop and resume them, read their per-epoch metrics and
 * held-out evaluation, store predictions, and the review queue (plays the model is least sure of first).
 */
import { z } from 'zod';
import type { Event } from '../events.js';
import { PlayTypeId } from '../taxonomy.js';
import type { Play } from './library.js';
import { ModelSpec } from './model-spec.js';
import type { RunSpec } from './run-spec.js';
import type { TransferRunDetails } from './transfer.js';

const id = z.number().int('must be a whole number').positive('must be a positive id');

// ---- requests -------------------------------------------------------------------------------

export const StartTrainingRequest = z
  .object({
    spec: ModelSpec,
    /** A name for the model in the run list; default: made from the spec. */
    name: z.string().min(1).max(100).optional(),
  })
  .strict();
export type StartTrainingRequest = z.input<typeof StartTrainingRequest>;

export const RunRequest = z.object({ runId: id }).strict();
export type RunRequest = z.input<typeof RunRequest>;

export const ListRunsRequest = z.object({}).strict();
export const BackboneOptionsRequest = z.object({}).strict();

/** Measures how fast this machine computes a spec's features and trains its head (the form's time estimate). */
export const MeasureSpeedRequest = z.object({ spec: ModelSpec }).strict();
export type MeasureSpeedRequest = z.input<typeof MeasureSpeedRequest>;

/** This machine's speed for one spec, measured on a few random frames and clips in a worker. */
export interface TrainingSpeed {
  /** The engine features are computed with, e.g. 'ONNX Runtime 1.20 (CPU)'. */
  engine: string;
  /** Seconds to compute one frame's features at the spec's cut and size. */
  extractSecondsPerFrame: number;
  /** Seconds one training epoch takes per clip, validation included. */
  trainSecondsPerClip: number;
}

export const PredictRequest = z
  .object({
    runId: id,
    /** Only this game's plays; default every play with features for the run's backbone. */
    gameId: id.optional(),
    /** Only plays no person has labelled (label source 'model'). */
    unlabeled: z.boolean().default(false),
  })
  .strict();
export type PredictRequest = z.input<typeof PredictRequest>;

export const ReviewQueueRequest = z
  .object({
    /** Default: the newest finished run. */
    runId: id.optional(),
    gameId: id.optional(),
    teamId: id.optional(),
    trueType: PlayTypeId.optional(),
    predictedType: PlayTypeId.optional(),
    /** Only plays of the run's held-out games (what the evaluation scored). */
    heldOutOnly: z.boolean().default(false),
    /**
     * Also the predictions made for a span the play no longer has (it was trimmed, split or merged
     * since), marked `stale`: Review shows them as out of date. Queues and scores leave them out.
     */
    includeStale: z.boolean().default(false),
    limit: z.number().int().min(1).max(10_000).default(200),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export type ReviewQueueRequest = z.input<typeof ReviewQueueRequest>;

// ---- results --------------------------------------------------------------------------------

export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled';

export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  /** On the validation games (see RunSplit). */
  valLoss: number | null;
  valAccuracy: number | null;
  /** Macro-F1 on the validation games at the end of the epoch. */
  macroF1: number | null;
  durationS: number;
}

export interface ClassMetrics {
  playType: string;
  precision: number;
  recall: number;
  f1: number;
  /** Held-out plays of this type. */
  support: number;
}

/** The held-out evaluation of a run's final (best, when restored) weights. */
export interface Evaluation {
  /** Play-type ids in taxonomy order: the rows (true) and columns (predicted) of the matrix. */
  classes: string[];
  /** confusion[t][p]: held-out plays of true type classes[t] predicted as classes[p]. */
  confusion: number[][];
  perClass: ClassMetrics[];
  accuracy: number;
  /** Mean F1 over the classes present among the held-out plays. */
  macroF1: number;
  top2Accuracy: number;
  plays: number;
  games: number;
}

/** The headline figures of a run, as `filmroom train --json` prints them under "metrics". */
export interface RunMetrics {
  accuracy: number;
  macroF1: number;
  top2Accuracy: number;
  heldOutPlays: number;
  heldOutGames: number;
}

/**
 * Three disjoint sets of whole games: the head learns from `train`, early stopping watches
 * `validation`, and the evaluation scores `heldOut`, which never steers training.
 */
export interface RunSplit {
  seed: number;
  trainGameIds: number[];
  /** Empty when the training side had a single game (early stopping then watches the training loss). */
  validationGameIds: number[];
  heldOutGameIds: number[];
  trainPlays: number;
  validationPlays: number;
  heldOutPlays: number;
}

export interface TrainingRunSummary {
  id: number;
  modelId: number;
  name: string;
  status: RunStatus;
  /** What trains, in words, e.g. 'tfjs-wasm (SIMD, 1 thread)'; null before the run starts. */
  engine: string | null;
  /** kind 'head' (an RNN head on cached features) or 'transfer' (fine-tuning, a stack, a backbone). */
  spec: RunSpec;
  epochsDone: number;
  bestEpoch: number | null;
  /** Why the run failed or stopped early, in plain words. */
  error: string | null;
  metrics: RunMetrics | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface TrainingRun extends TrainingRunSummary {
  epochs: EpochRecord[];
  split: RunSplit | null;
  evaluation: Evaluation | null;
  /** Fitted on the validation games; predictions are softmax(logits / temperature). Null: not calibrated. */
  temperature: number | null;
  calibration: Calibration | null;
  /** A transfer run's own report; null for head runs. */
  details: TransferRunDetails | null;
}

/** Plays whose top confidence fell in [lower, upper): how sure the model was, and how often it was right. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean top confidence of the bin's plays (0 when empty). */
  confidence: number;
  /** Share of the bin's plays whose top class was the true one (0 when empty). */
  accuracy: number;
}

/** A reliability diagram and its expected calibration error: Σ_bins (count / plays) · |accuracy − confidence|. */
export interface Reliability {
  plays: number;
  ece: number;
  bins: ReliabilityBin[];
}

/** Temperature scaling: fitted on the validation games, judged on the held-out games before and after. */
export interface Calibration {
  temperature: number;
  /** Validation plays the temperature was fitted on. */
  validationPlays: number;
  before: Reliability;
  after: Reliability;
}

export interface PredictionSummary {
  runId: number;
  plays: number;
  seconds: number;
}

export interface Prediction {
  playType: string;
  confidence: number;
  /** Probability per play-type id. */
  probabilities: Record<string, number>;
}

export interface ReviewItem {
  play: Play;
  gameName: string;
  prediction: Prediction;
  heldOut: boolean;
  /** The prediction was made for the play's old span (only with `includeStale`). */
  stale: boolean;
}

export interface ReviewQueue {
  runId: number | null;
  items: ReviewItem[];
  total: number;
}

export interface WeightSetInfo {
  name: string;
  /** Where it came from: 'imagenet', 'random', 'keras-h5', 'tfjs', 'trained', 'surgery'. */
  source: string;
  /** The deepest VGG16 layer it reaches. */
  upTo: string;
}

export interface FeatureSetInfo {
  id: number;
  /** The weight set's name, when it is still registered. */
  weights: string | null;
  cut: string;
  pooling: string;
  grid: number | null;
  size: number;
  frames: number;
  dim: number;
  /** Clips whose features are cached. */
  clips: number;
}

/** What a training form offers: the weights to choose from, and the features already cached. */
export interface BackboneOptions {
  weightSets: WeightSetInfo[];
  featureSets: FeatureSetInfo[];
  /** The library's clip frame size S (features at another size sample clips first). */
  frameSize: number;
  clipFrames: number;
}

export interface TrainingEpochEvent {
  runId: number;
  epoch: EpochRecord;
}

// ---- the service -----------------------------------------------------------------------------

export interface TrainingService {
  /** Creates a run and trains it in a worker process; progress through app.onDidProgress. */
  start(request: StartTrainingRequest): Promise<TrainingRunSummary>;
  /** Continues a stopped, failed or interrupted run from its last checkpoint. */
  resume(request: RunRequest): Promise<TrainingRunSummary>;
  /** Stops a running run after its current batch; its last checkpoint is kept for resume. */
  stop(request: RunRequest): Promise<TrainingRunSummary>;
  listRuns(request: Record<string, never>): Promise<TrainingRunSummary[]>;
  backboneOptions(request: Record<string, never>): Promise<BackboneOptions>;
  /** Seconds a few frames and clips take here with this spec: what the form's estimate is made of. */
  measureSpeed(request: MeasureSpeedRequest): Promise<TrainingSpeed>;
  getRun(request: RunRequest): Promise<TrainingRun>;
  /** Stores per-play class probabilities of the run's model. */
  predict(request: PredictRequest): Promise<PredictionSummary>;
  /** Plays with a prediction, least confident first. */
  reviewQueue(request: ReviewQueueRequest): Promise<ReviewQueue>;
  readonly onDidEpoch: Event<TrainingEpochEvent>;
  readonly onDidChangeRun: Event<TrainingRunSummary>;
}

export const trainingContract = {
  methods: {
    start: StartTrainingRequest,
    resume: RunRequest,
    stop: RunRequest,
    listRuns: ListRunsRequest,
    backboneOptions: BackboneOptionsRequest,
    measureSpeed: MeasureSpeedRequest,
    getRun: RunRequest,
    predict: PredictRequest,
    reviewQueue: ReviewQueueRequest,
  },
  events: ['onDidEpoch', 'onDidChangeRun'],
} as const;
