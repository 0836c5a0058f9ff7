import type { Database } from 'better-sqlite3';
import {
  MeasureSpeedRequest, PredictRequest, ReviewQueueRequest, RunRequest, StartTrainingRequest,
  type BackboneOptions, type PredictionSummary, type ReviewQueue, type TrainingEpochEvent, type TrainingRun, type TrainingRunSummary, type TrainingService, type TrainingSpeed,
} from '../../shared/api/training.js';
import { ConflictError } from '../../shared/errors.js';
import { Emitter } from '../../shared/events.js';
import { WorkerExitError, WorkerRunner } from '../jobs/run-in-worker.js';
import { countFeatures, listFeatureSets } from '../library/repositories/features.js';
import { reviewQueue } from '../library/repositories/predictions.js';
import { readSettings } from '../library/repositories/settings.js';
import { listWeightSets } from '../library/repositories/weight-sets.js';
import { outputShape } from '../ml/vgg16/architecture.js';
import { getRun, latestFinishedRun, listEpochs, listRuns, toSummary, toTrainingRun, updateRun } from '../library/repositories/training-runs.js';
import { newTrainingRun } from '../application/new-run.js';
import { EtaEstimator } from '../jobs/eta.js';
import type { AppServiceImpl } from './app-service.js';
import type { LibraryServiceImpl } from './library-service.js';

interface RunProgress {
  done: number;
  total: number;
  label: string;
  etaS: number | null;
}

interface ActiveRun {
  controller: AbortController;
  finished: Promise<void>;
}

/** A grid-pooled set's side, from its dimension: dim = channels · grid². */
function gridOf(dim: number, cut: string): number {
  return Math.round(Math.sqrt(dim / outputShape(cut, 32)[2]));
}

/**
 * Training runs for the front doors. A run trains in a worker process (a `train` job: a network's
 * training steps would block this thread), which writes every epoch to the library before it
 * reports progress: each progress message is the cue to read the new epochs and announce them.
 * Stopping sends the worker `cancel`; it finishes its batch, keeps its checkpoint and marks the run
 * cancelled, so `resume` continues it. A worker that dies fails the run with the reason.
 */
export class TrainingServiceImpl implements TrainingService {
  private readonly epochs = new Emitter<TrainingEpochEvent>();
  private readonly runChanges = new Emitter<TrainingRunSummary>();
  readonly onDidEpoch = this.epochs.event;
  readonly onDidChangeRun = this.runChanges.event;
  private readonly active = new Map<number, ActiveRun>();
  private readonly speeds = new Map<string, Promise<TrainingSpeed>>();

  constructor(
    private readonly db: Database,
    private readonly app: AppServiceImpl,
    private readonly library: LibraryServiceImpl,
    private readonly workers: WorkerRunner = new WorkerRunner({ libraryPath: db.name }),
  ) {}

  async start(request: StartTrainingRequest): Promise<TrainingRunSummary> {
    const { spec, name } = StartTrainingRequest.parse(request);
    const run = newTrainingRun(this.db, spec, name);
    this.launch(run.id);
    return this.summary(run.id);
  }

  async resume(request: RunRequest): Promise<TrainingRunSummary> {
    const { runId } = RunRequest.parse(request);
    const run = getRun(this.db, runId);
    if (this.active.has(runId)) throw new ConflictError(`Run ${runId} is already training.`);
    if (run.status === 'finished') throw new ConflictError(`Run ${runId} has finished; start a new run to train again.`);
    this.launch(runId);
    return this.summary(runId);
  }

  async stop(request: RunRequest): Promise<TrainingRunSummary> {
    const { runId } = RunRequest.parse(request);
    const active = this.active.get(runId);
    if (!active) {
      getRun(this.db, runId); // a NotFoundError for an unknown run
      throw new ConflictError(`Run ${runId} is not training.`);
    }
    active.controller.abort();
    await active.finished;
    return this.summary(runId);
  }

  async listRuns(_request: Record<string, never> = {}): Promise<TrainingRunSummary[]> {
    return listRuns(this.db).map(toSummary);
  }

  /**
   * Measured in a worker (the engines compute for a few seconds), once per backbone and head
   * shape: what the number of plays or epochs changes is arithmetic the form does itself.
   */
  async measureSpeed(request: MeasureSpeedRequest): Promise<TrainingSpeed> {
    const { spec } = MeasureSpeedRequest.parse(request);
    const key = JSON.stringify([spec.backbone.cut, spec.backbone.pooling, spec.backbone.grid ?? null, spec.backbone.size, spec.backbone.frames ?? null, spec.head, spec.batchSize]);
    let measured = this.speeds.get(key);
    if (!measured) {
      measured = this.workers.run({ kind: 'speed', request: { spec } });
      this.speeds.set(key, measured);
      // A failed measurement is not kept: the next ask measures again.
      measured.catch(() => this.speeds.delete(key));
    }
    return measured;
  }

  async backboneOptions(_request: Record<string, never> = {}): Promise<BackboneOptions> {
    const weightSets = listWeightSets(this.db);
    const names = new Map(weightSets.map((w) => [w.sha256, w.name]));
    const settings = readSettings(this.db);
    return {
      weightSets: weightSets.map((w) => ({ name: w.name, source: w.source, upTo: w.upTo })),
      featureSets: listFeatureSets(this.db).map((f) => ({
        id: f.id, weights: names.get(f.weightsSha256) ?? null, cut: f.cutLayer, pooling: f.pooling, grid: f.pooling === 'grid' ? gridOf(f.dim, f.cutLayer) : null,
        size: f.size, frames: f.frames, dim: f.dim, clips: countFeatures(this.db, f.id),
      })),
      frameSize: settings.frameSize,
      clipFrames: settings.clipFrames,
    };
  }

  async getRun(request: RunRequest): Promise<TrainingRun> {
    return toTrainingRun(this.db, getRun(this.db, RunRequest.parse(request).runId));
  }

  async predict(request: PredictRequest): Promise<PredictionSummary> {
    const { runId, gameId, unlabeled } = PredictRequest.parse(request);
    getRun(this.db, runId);
    const summary = await this.workers.run({ kind: 'predict', request: { runId, unlabeled, ...(gameId !== undefined ? { gameId } : {}) } });
    this.library.notifyChanged({ kind: 'runs' });
    return summary;
  }

  async reviewQueue(request: ReviewQueueRequest): Promise<ReviewQueue> {
    const { runId, heldOutOnly, limit, offset, ...filter } = ReviewQueueRequest.parse(request);
    const run = runId !== undefined ? getRun(this.db, runId) : latestFinishedRun(this.db);
    if (!run) return { runId: null, items: [], total: 0 };
    const heldOut = new Set(run.split?.heldOutGameIds ?? []);
    const page = reviewQueue(this.db, { runId: run.id, ...filter, ...(heldOutOnly ? { gameIds: [...heldOut], personLabelledOnly: true } : {}) }, { limit, offset }, heldOut);
    return { runId: run.id, ...page };
  }

  /** Stops every run this process started (the app is closing); each keeps its checkpoint. */
  async dispose(): Promise<void> {
    for (const run of this.active.values()) run.controller.abort();
    await Promise.all([...this.active.values()].map((run) => run.finished));
    this.epochs.dispose();
    this.runChanges.dispose();
  }

  private summary(runId: number): TrainingRunSummary {
    return toSummary(getRun(this.db, runId));
  }

  private launch(runId: number): void {
    const controller = new AbortController();
    const jobId = `train-${runId}`;
    let announced = listEpochs(this.db, runId).length;
    let lastStatus = '';
    const announce = () => {
      const epochs = listEpochs(this.db, runId);
      // A resumed run forgets epochs after its checkpoint, then trains them again.
      if (epochs.length < announced) announced = epochs.length;
      for (const epoch of epochs.slice(announced)) this.epochs.fire({ runId, epoch });
      announced = epochs.length;
      const summary = this.summary(runId);
      const status = `${summary.status}/${summary.epochsDone}`;
      if (status !== lastStatus) {
        lastStatus = status;
        this.runChanges.fire(summary);
        this.library.notifyChanged({ kind: 'runs' });
      }
    };
    const report = (state: 'running' | 'finished' | 'failed' | 'cancelled', p: Partial<RunProgress>, message?: string) =>
      this.app.reportProgress({
        jobId, kind: 'train', runId, label: p.label ?? `Training run ${runId}`, done: p.done ?? 0, total: p.total ?? 0, etaS: p.etaS ?? null, state,
        ...(message ? { message } : {}),
      });
    report('running', { label: `Training run ${runId}: starting` });
    // A stopped or failed run's bar stays where it got to, rather than dropping to 0 of an unknown total.
    let reached: Partial<RunProgress> = {};
    let eta: EtaEstimator | undefined;
    const finished = this.workers.run({ kind: 'train', request: { runId } }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.total !== reached.total) eta = new EtaEstimator(p.total, p.done);
        reached = { done: p.done, total: p.total };
        report('running', { ...p, etaS: eta?.update(p.done) ?? null, label: `Run ${runId} — ${p.label}` });
        announce();
      },
    })
      .then(
        () => report('finished', { label: `Run ${runId} finished`, done: 1, total: 1, etaS: 0 }),
        (error: unknown) => {
          let run = getRun(this.db, runId);
          if (run.status === 'running' || run.status === 'queued') {
            // The worker ended before it could say so: stopped after its grace (a stop was asked), or
            // killed, out of memory. Either way the checkpoint stays for resume.
            const stopped = controller.signal.aborted;
            const reason = stopped
              ? `Run ${runId} stopped; \`filmroom train --resume ${runId}\` continues it from its last checkpoint.`
              : error instanceof WorkerExitError ? error.message : `The training process ended unexpectedly: ${(error as Error).message}`;
            updateRun(this.db, runId, { status: stopped ? 'cancelled' : 'failed', error: reason, finishedAt: new Date().toISOString() });
            run = getRun(this.db, runId);
          }
          report(run.status === 'cancelled' ? 'cancelled' : 'failed', { ...reached, label: `Run ${runId} ${run.status}` }, run.error ?? (error as Error).message);
        },
      )
      .finally(() => {
        this.active.delete(runId);
        announce();
      });
    this.active.set(runId, { controller, finished });
  }
}
