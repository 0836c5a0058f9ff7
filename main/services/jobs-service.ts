import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { StartBlock1SurgeryRequest, StartTransferRequest, type ExtractionSummary, type JobInfo, type JobRequest, type JobsService, type StartExtractionRequest, type StartImportRequest } from '../../shared/api/jobs.js';
import type { Block1SurgeryReport, TransferRunResult } from '../../shared/api/transfer.js';
import { CancelledError, ConflictError, NotFoundError } from '../../shared/errors.js';
import { importSeason } from '../import/import-season.js';
import { runFilmroomCommand } from '../jobs/child-command.js';
import { EtaEstimator } from '../jobs/eta.js';
import type { LaunchWorker } from '../jobs/worker-process.js';
import { weightsFolderOf } from '../library/paths.js';
import { findWeightSet } from '../library/repositories/weight-sets.js';
import { ClipCache } from '../media/clip-cache.js';
import type { AppServiceImpl } from './app-service.js';
import type { LibraryServiceImpl } from './library-service.js';

interface RunningJob {
  info: JobInfo;
  controller: AbortController;
  finished: Promise<void>;
}

type Progress = (done: number, total: number, label: string, etaS?: number | null) => void;

/** A `filmroom` command in a child process, its progress lines shown under the job's label. */
function runChild<T>(args: readonly string[], label: string, signal: AbortSignal, progress: Progress): Promise<T> {
  return runFilmroomCommand<T>(args, { signal, onProgress: (p) => progress(p.done, p.total, `${label} — ${p.label}`, p.etaS) });
}

/**
 * Long work started from the UI, watched through app.onDidProgress, cancellable, and resumable by
 * running it again. An import's heavy parts already run outside this thread (ffmpeg, ffprobe,
 * hashing on libuv's pool, asynchronous writes); feature extraction, whose forward passes would
 * block the thread, runs as a child `filmroom extract` process.
 */
export class JobsServiceImpl implements JobsService {
  private readonly jobs = new Map<string, RunningJob>();
  private nextId = 1;

  constructor(
    private readonly db: Database,
    private readonly app: AppServiceImpl,
    private readonly library: LibraryServiceImpl,
    private readonly clipCache: ClipCache = ClipCache.besideLibrary(db.name),
    /** How job workers start (the worker boundary of issue #12 uses it); absent, they are forked. */
    readonly launchWorker?: LaunchWorker,
  ) {}

  async startImport(request: StartImportRequest): Promise<JobInfo> {
    const importRequest = { path: request.path, ...(request.season ? { season: request.season } : {}) };
    return this.start('import', `Importing ${request.path}`, 'games', importRequest, async (info, signal, progress) => {
      const report = await importSeason(this.db, {
        target: request.path,
        clipCache: this.clipCache,
        ...(request.season ? { season: request.season } : {}),
        signal,
        onProgress: ({ done, total, label }) => progress(done, total, `Importing ${label}`),
      });
      const { timings: _timings, annotationsSetAside: _aside, ...summary } = report;
      info.result = summary;
      info.label = `Imported ${request.path}`;
      // Problems and not one play imported (nor already there) is a failed import, not a finished one,
      // even if videos were registered; the result stays for the problem list.
      if (summary.playsAdded + summary.playsSkipped === 0 && summary.errors.length > 0) {
        info.label = `Import of ${request.path} failed`;
        throw new Error(`nothing could be imported: ${summary.errors.length === 1 ? '1 problem' : `${summary.errors.length} problems`} in the files (listed below)`);
      }
    });
  }

  async startExtraction(request: StartExtractionRequest): Promise<JobInfo> {
    const args = ['extract', '--library', this.db.name, '--weights', request.weights, '--cut', request.cut, '--pool', request.pooling];
    if (request.grid !== undefined) args.push('--grid', String(request.grid));
    if (request.size !== undefined) args.push('--size', String(request.size));
    const label = `Features: ${request.weights}, ${request.cut}, ${request.pooling}`;
    return this.start('extract', label, 'features', null, async (info, signal, progress) => {
      info.extraction = await runChild<ExtractionSummary>(args, label, signal, progress);
    });
  }

  async startTransfer(request: StartTransferRequest): Promise<JobInfo> {
    const { spec, saveAs } = StartTransferRequest.parse(request);
    const args = ['transfer', '--library', this.db.name, '--spec', JSON.stringify(spec), ...(saveAs ? ['--save-as', saveAs] : [])];
    const trains = spec.model.trainable.length > 0 ? `fine-tuning ${spec.model.trainable.join(', ')}` : 'frozen backbone';
    const label = `Transfer: ${spec.model.backbone.weights} to ${spec.model.backbone.cut}, ${trains}`;
    return this.start('transfer', label, 'weights', null, async (info, signal, progress) => {
      info.transfer = await runChild<TransferRunResult>(args, label, signal, progress);
    });
  }

  async startBlock1Surgery(request: StartBlock1SurgeryRequest): Promise<JobInfo> {
    const { weights, name, epochs, framesPerClip } = StartBlock1SurgeryRequest.parse(request);
    const out = path.join(weightsFolderOf(this.db.name), `${name}.h5`);
    // Never overwrite a weight set or an earlier result: the analyst picks a new name.
    if (findWeightSet(this.db, name) || fs.existsSync(out)) throw new ConflictError(`"${name}" is taken (${out}): choose another name.`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const args = ['backbone', 'replace-block1', '--library', this.db.name, '--weights', weights, '--out', out, '--name', name];
    if (epochs !== undefined) args.push('--epochs', String(epochs));
    if (framesPerClip !== undefined) args.push('--frames-per-clip', String(framesPerClip));
    const label = `Surgery: block1 of ${weights} → one 5×5 conv`;
    return this.start('surgery', label, 'weights', null, async (info, signal, progress) => {
      info.surgery = await runChild<Block1SurgeryReport>(args, label, signal, progress);
    });
  }

  async cancel(request: JobRequest): Promise<JobInfo> {
    const job = this.find(request.jobId);
    job.controller.abort();
    await job.finished;
    return { ...job.info };
  }

  async get(request: JobRequest): Promise<JobInfo> {
    return { ...this.find(request.jobId).info };
  }

  async list(): Promise<JobInfo[]> {
    return [...this.jobs.values()].map((job) => ({ ...job.info })).reverse();
  }

  /** Stops every running job (the app is closing). */
  async dispose(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.all([...this.jobs.values()].map((job) => job.finished));
  }

  private start(kind: JobInfo['kind'], label: string, changes: 'games' | 'features' | 'weights', importRequest: JobInfo['importRequest'], work: (info: JobInfo, signal: AbortSignal, progress: Progress) => Promise<void>): JobInfo {
    const jobId = `${kind}-${this.nextId++}`;
    const controller = new AbortController();
    const info: JobInfo = { jobId, kind, label, state: 'running', done: 0, total: 0, etaS: null, startedAt: new Date().toISOString(), error: null, importRequest, result: null, extraction: null, transfer: null, surgery: null };
    let eta: EtaEstimator | undefined;
    const progress: Progress = (done, total, current, etaS) => {
      if (etaS === undefined && total !== info.total) eta = new EtaEstimator(total, done);
      Object.assign(info, { done, total, label: current, etaS: etaS !== undefined ? etaS : (eta?.update(done) ?? null) });
      this.report(info);
    };
    const finished = work(info, controller.signal, progress)
      .then(
        () => {
          // A finished job is done, whatever its last progress line said.
          Object.assign(info, { state: 'finished', etaS: 0, done: Math.max(info.done, info.total) });
        },
        (error: unknown) => {
          const cancelled = error instanceof CancelledError || controller.signal.aborted;
          Object.assign(info, { state: cancelled ? 'cancelled' : 'failed', etaS: null, error: (error as Error).message });
        },
      )
      .finally(() => {
        this.report(info);
        this.library.notifyChanged({ kind: changes });
      });
    this.jobs.set(jobId, { info, controller, finished });
    this.report(info);
    return { ...info };
  }

  private find(jobId: string): RunningJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new NotFoundError(`No job ${jobId}: it may belong to an earlier session of Film Room.`);
    return job;
  }

  private report(info: JobInfo): void {
    this.app.reportProgress({ jobId: info.jobId, kind: info.kind, label: info.label, done: info.done, total: info.total, etaS: info.etaS, state: info.state, ...(info.error ? { message: info.error } : {}) });
  }
}
