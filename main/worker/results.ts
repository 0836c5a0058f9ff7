/**
 * The shapes of what a worker sends back, checked on arrival like every request that crosses a
 * front door: a worker is another process, and a result that does not match is refused by name.
 */
import { z } from 'zod';
import type { FrameActivations } from '../../shared/api/features.js';
import type { ClipExportSummary, ExtractionSummary, ImportSummary } from '../../shared/api/jobs.js';
import type { Evaluation, PredictionSummary, RunMetrics } from '../../shared/api/training.js';
import type { Block1SurgeryReport, SavedWeightSet, TransferRunResult } from '../../shared/api/transfer.js';
import type { TrainingOutcome } from '../application/train.js';

/** Any number, NaN and ±Infinity included: a loss that diverged is still reported as it was. */
const real = z.custom<number>((value) => typeof value === 'number', 'expected a number');
const count = z.number().int().min(0);
const id = z.number().int().positive();

const ImportIssueSchema = z.object({ file: z.string(), line: z.union([z.number(), z.string(), z.null()]), reason: z.string() });

export const ImportSummarySchema: z.ZodType<ImportSummary> = z.object({
  gamesAdded: count,
  gamesAlreadyPresent: count,
  playsAdded: count,
  playsSkipped: count,
  clipsAdded: count,
  skippedCodes: z.array(z.object({ code: z.string(), count })),
  errors: z.array(ImportIssueSchema),
  warnings: z.array(ImportIssueSchema),
});

export const ExtractionSummarySchema: z.ZodType<ExtractionSummary> = z.object({
  engine: z.string(),
  featureSetId: id,
  dim: count,
  computed: count,
  cached: count,
  clipsSampled: count,
  framesPerSecond: real,
  errors: z.array(z.object({ file: z.string(), reason: z.string() })),
});

const RunMetricsSchema: z.ZodType<RunMetrics> = z.object({ accuracy: real, macroF1: real, top2Accuracy: real, heldOutPlays: count, heldOutGames: count });

export const TrainingOutcomeSchema: z.ZodType<TrainingOutcome> = z.object({
  run: id,
  name: z.string(),
  status: z.string(),
  engine: z.string(),
  epochs: count,
  bestEpoch: z.number().int().nullable(),
  stoppedBy: z.string(),
  metrics: RunMetricsSchema.nullable(),
  note: z.string().nullable(),
});

export const PredictionSummarySchema: z.ZodType<PredictionSummary> = z.object({ runId: id, plays: count, seconds: real });

export const FrameActivationsSchema: z.ZodType<FrameActivations> = z.object({
  playId: id,
  frame: count,
  size: count,
  rgb: z.string(),
  layers: z.array(
    z.object({
      layer: z.string(),
      block: count,
      note: z.string(),
      width: count,
      height: count,
      channelCount: count,
      mean: z.string(),
      meanRange: z.tuple([real, real]),
      channels: z.array(z.object({ index: count, strength: real, map: z.string() })),
    }),
  ),
});

const EvaluationSchema: z.ZodType<Evaluation> = z.object({
  classes: z.array(z.string()),
  confusion: z.array(z.array(count)),
  perClass: z.array(z.object({ playType: z.string(), precision: real, recall: real, f1: real, support: count })),
  accuracy: real,
  macroF1: real,
  top2Accuracy: real,
  plays: count,
  games: count,
});

const SavedWeightSetSchema: z.ZodType<SavedWeightSet> = z.object({ id, name: z.string(), sha256: z.string(), path: z.string(), upTo: z.string() });

export const TransferRunResultSchema: z.ZodType<TransferRunResult> = z.object({
  runId: id,
  kind: z.enum(['clip', 'frame']),
  engine: z.string(),
  epochs: z.array(z.object({ epoch: count, loss: real, accuracy: real, valLoss: real, valAccuracy: real, seconds: real })),
  bestEpoch: count,
  stoppedBy: z.enum(['epochs', 'early-stopping', 'cancelled', 'nan']),
  reason: z.string().nullable(),
  split: z.object({
    trainGameIds: z.array(id), validationGameIds: z.array(id), heldOutGameIds: z.array(id), trainPlays: count, validationPlays: count, heldOutPlays: count,
    trainSamples: count, heldOutSamples: count,
  }),
  heldOut: EvaluationSchema.nullable(),
  heldOutPlays: EvaluationSchema.nullable(),
  params: z.object({ total: count, trainable: count, backboneTrainable: count }),
  trainableLayers: z.array(z.string()),
  frozen: z.object({ layers: z.array(z.string()), sha256Before: z.string(), sha256After: z.string(), unchanged: z.boolean() }),
  seconds: real,
  samplesPerSecond: real,
  weightSet: SavedWeightSetSchema.nullable(),
});

export const Block1SurgeryReportSchema: z.ZodType<Block1SurgeryReport> = z.object({
  weights: z.string(),
  engine: z.string(),
  out: z.string(),
  clips: count,
  cut: z.string(),
  size: count,
  timingSize: count,
  init: z.enum(['composed', 'glorot']),
  trainFrames: count,
  heldOutFrames: count,
  epochs: count,
  distillLoss: z.array(real),
  block1MseBefore: real,
  block1MseAfter: real,
  cosineBefore: real,
  cosine: real,
  msPerFrameOriginal: real,
  msPerFrameVariant: real,
  speedUp: real,
  block1SpeedUp: real,
  block1ParamsBefore: count,
  block1ParamsAfter: count,
  paramsBefore: count,
  paramsAfter: count,
  weightSet: SavedWeightSetSchema.nullable(),
});

export const ClipExportSummarySchema: z.ZodType<ClipExportSummary> = z.object({
  files: z.array(z.object({ path: z.string().min(1), playIds: z.array(id), expectedDurationS: real, method: z.enum(['copy', 'encode']) })),
  plays: count,
  titleCards: z.enum(['drawtext', 'blank', 'none']),
  font: z.string().nullable(),
});
