/**
 * The messages between the services and a job worker, both ways, each checked with zod on arrival.
 *
 *   services → worker   {type:'start', libraryPath, job:{kind, request}}   then, maybe, {type:'cancel'}
 *   worker → services   {type:'progress', done, total, label}*, {type:'partial', kind, value}*
 *                       then {type:'result', kind, result} or {type:'error', error}
 *
 * A `partial` is a piece of the answer ready before the whole (a prefetched frame): only job kinds
 * with a `partial` schema send them.
 *
 * A job's request is the `shared/api` request the front door already validated; its result has the
 * schema of its kind (results.ts). The worker exits after its one result or error.
 */
import { z } from 'zod';
import { ActivationFramesRequest, ActivationsRequest } from '../../shared/api/features.js';
import { StartBlock1SurgeryRequest, StartExtractionRequest, StartImportRequest, StartTransferRequest } from '../../shared/api/jobs.js';
import { MeasureSpeedRequest, PredictRequest, RunRequest } from '../../shared/api/training.js';
import { FilmRoomError } from '../../shared/errors.js';
import { ClipExportRequest } from '../export/clip-export.js';
import { formatSchemaError } from '../rpc/format-schema-error.js';
import {
  Block1SurgeryReportSchema, ClipExportSummarySchema, ExtractionSummarySchema, FrameActivationsSchema, ImportSummarySchema, PredictionSummarySchema, TrainingOutcomeSchema, TransferRunResultSchema,
} from './results.js';

/** Every job a worker runs: the request it receives and the result it answers. */
export const WORKER_JOBS = {
  import: { request: StartImportRequest, result: ImportSummarySchema },
  extract: { request: StartExtractionRequest, result: ExtractionSummarySchema },
  /** Trains (or resumes) a run the services created: the run's spec is in the library. */
  train: { request: RunRequest, result: TrainingOutcomeSchema },
  predict: { request: PredictRequest, result: PredictionSummarySchema },
  activations: { request: ActivationsRequest, result: FrameActivationsSchema },
  /** Each frame is sent as a partial as soon as it is computed; the result is how many were. */
  activationFrames: { request: ActivationFramesRequest, result: z.number().int().min(0), partial: FrameActivationsSchema },
  transfer: { request: StartTransferRequest, result: TransferRunResultSchema },
  /** A few frames and clips timed for the training form's estimate. */
  speed: { request: MeasureSpeedRequest, result: z.object({ engine: z.string(), extractSecondsPerFrame: z.number().nonnegative(), trainSecondsPerClip: z.number().nonnegative() }) },
  surgery: { request: StartBlock1SurgeryRequest, result: Block1SurgeryReportSchema },
  /** Exports plays as MP4 to the absolute paths the services resolved (never a page's own path). */
  clips: { request: ClipExportRequest, result: ClipExportSummarySchema },
} as const;

export type WorkerJobKind = keyof typeof WORKER_JOBS;
export const WORKER_JOB_KINDS = Object.keys(WORKER_JOBS) as [WorkerJobKind, ...WorkerJobKind[]];

/** A job as the services send it (the request as the API accepts it). */
export type WorkerJob<K extends WorkerJobKind = WorkerJobKind> = { [Kind in K]: { kind: Kind; request: z.input<(typeof WORKER_JOBS)[Kind]['request']> } }[K];
/** A job as the worker runs it (defaults filled in by the request's schema). */
export type ParsedWorkerJob<K extends WorkerJobKind = WorkerJobKind> = { [Kind in K]: { kind: Kind; request: z.output<(typeof WORKER_JOBS)[Kind]['request']> } }[K];
export type WorkerResultOf<K extends WorkerJobKind> = z.output<(typeof WORKER_JOBS)[K]['result']>;

const jobSchema = <K extends WorkerJobKind>(kind: K) => z.object({ kind: z.literal(kind), request: WORKER_JOBS[kind].request }).strict();
const WorkerJobSchema = z.discriminatedUnion('kind', [
  jobSchema('import'), jobSchema('extract'), jobSchema('train'), jobSchema('predict'), jobSchema('activations'), jobSchema('activationFrames'), jobSchema('transfer'), jobSchema('speed'), jobSchema('surgery'), jobSchema('clips'),
]);

export const ToWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), libraryPath: z.string().min(1).max(4096), job: WorkerJobSchema }).strict(),
  z.object({ type: z.literal('cancel') }).strict(),
]);
export type ToWorkerMessage = { type: 'start'; libraryPath: string; job: WorkerJob } | { type: 'cancel' };

const count = z.number().int().min(0);

export const FromWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), done: count, total: count, label: z.string().max(1000) }).strict(),
  // The result's own shape depends on the job's kind: checked by parseWorkerResult.
  z.object({ type: z.literal('result'), kind: z.enum(WORKER_JOB_KINDS), result: z.unknown() }).strict(),
  z.object({ type: z.literal('partial'), kind: z.enum(WORKER_JOB_KINDS), value: z.unknown() }).strict(),
  z.object({ type: z.literal('error'), error: z.object({ name: z.string().min(1).max(100), message: z.string().max(20_000) }).strict() }).strict(),
]);
export type FromWorkerMessage = z.infer<typeof FromWorkerMessage>;

/** A message that does not follow this protocol: the other side is not the Film Room it should be, or has a bug. */
export class WorkerProtocolError extends FilmRoomError {
  override readonly name = 'WorkerProtocolError';
}

/** Checks a message the worker received; throws WorkerProtocolError naming each bad field. */
export function parseToWorker(raw: unknown): { type: 'start'; libraryPath: string; job: ParsedWorkerJob } | { type: 'cancel' } {
  const parsed = ToWorkerMessage.safeParse(raw);
  if (!parsed.success) throw new WorkerProtocolError(`The worker received a malformed message: ${formatSchemaError(parsed.error)}.`);
  // zod infers each job's request as the union of all requests; the discriminated union checked that each matches its kind.
  return parsed.data as { type: 'start'; libraryPath: string; job: ParsedWorkerJob } | { type: 'cancel' };
}

/** Checks a message from a worker; throws WorkerProtocolError naming each bad field. */
export function parseFromWorker(raw: unknown): FromWorkerMessage {
  const parsed = FromWorkerMessage.safeParse(raw);
  if (!parsed.success) throw new WorkerProtocolError(`The worker sent a malformed message: ${formatSchemaError(parsed.error)}.`);
  return parsed.data;
}

/** Checks a worker's result against its job's kind and that kind's result schema. */
export function parseWorkerResult<K extends WorkerJobKind>(kind: K, message: Extract<FromWorkerMessage, { type: 'result' }>): WorkerResultOf<K> {
  if (message.kind !== kind) throw new WorkerProtocolError(`The worker answered with a result for a “${message.kind}” job, not for the “${kind}” job it was given.`);
  const parsed = WORKER_JOBS[kind].result.safeParse(message.result);
  if (!parsed.success) throw new WorkerProtocolError(`The worker sent a malformed ${kind} result: ${formatSchemaError(parsed.error)}.`);
  return parsed.data as WorkerResultOf<K>;
}

type PartialJobs = { [K in WorkerJobKind]: (typeof WORKER_JOBS)[K] extends { partial: z.ZodType } ? K : never }[WorkerJobKind];
/** What a job kind's partials are (unknown for kinds that send none). */
export type WorkerPartialOf<K extends WorkerJobKind> = K extends PartialJobs ? z.output<(typeof WORKER_JOBS)[K]['partial']> : never;

/** Checks a partial against its job's kind and that kind's partial schema. */
export function parseWorkerPartial<K extends WorkerJobKind>(kind: K, message: Extract<FromWorkerMessage, { type: 'partial' }>): WorkerPartialOf<K> {
  if (message.kind !== kind) throw new WorkerProtocolError(`The worker sent a partial for a “${message.kind}” job, not for the “${kind}” job it was given.`);
  const job = WORKER_JOBS[kind] as { partial?: z.ZodType };
  if (!job.partial) throw new WorkerProtocolError(`The worker sent a partial for a “${kind}” job, which sends none.`);
  const parsed = job.partial.safeParse(message.value);
  if (!parsed.success) throw new WorkerProtocolError(`The worker sent a malformed ${kind} partial: ${formatSchemaError(parsed.error)}.`);
  return parsed.data as WorkerPartialOf<K>;
}
