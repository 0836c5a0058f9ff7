import type { Database } from 'better-sqlite3';
import type { JobProgress } from '../../shared/api/app.js';
import fs from 'node:fs';
import path from 'node:path';
import {
  StartBlock1SurgeryRequest, StartClipExportRequest, StartExtractionRequest, StartImportRequest, StartTransferRequest,
  type JobInfo, type JobInfoOf, type JobKind, type JobRequest, type JobsService,
} from '../../shared/api/jobs.js';
import { CancelledError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { choosePlays } from '../export/clip-export.js';
import { assertSurgeryTargetFree, surgeryOutFile } from '../application/surgery-target.js';
import { EtaEstimator } from '../jobs/eta.js';
import type { WorkerRunner } from '../jobs/run-in-worker.js';
import type { AppServiceImpl } from './app-service.js';
import type { LibraryServiceImpl } from './library-service.js';
import type { PageFilePolicy } from './page-file-policy.js';

interface RunningJob {
  info: JobInfo;
  controller: AbortController;
  finished: Promise<void>;
}

type Progress = (done: number, total: number, label: string) => void;

/**
 * Long work started from the UI, watched through app.onDidProgress, cancellable, and resumable by
 * running it again. Each job runs in a worker process of its own (main/worker), which receives the
 * request as the API validated it and answers typed messages: the thread that serves the UI only
 * keeps the books.
 */
export class JobsServiceImpl implements JobsService {
  private readonly jobs = new Map<string, RunningJob>();
  private nextId = 1;

  constructor(
    private readonly db: Database,
    private readonly app: AppServiceImpl,
    private readonly library: LibraryServiceImpl,
    private readonly workers: WorkerRunner,
    private readonly files: PageFilePolicy,
  ) {}

  async startImport(input: StartImportRequest): Promise<JobInfoOf<'import'>> {
    const parsed = StartImportRequest.parse(input);
    const request = { path: parsed.path, ...(parsed.season ? { season: parsed.season } : {}) };
    const info: JobInfoOf<'import'> = { ...this.newJob('import', `Importing ${request.path}`), kind: 'import', request, result: null };
    return this.start(info, 'games', async (signal, progress) => {
      const summary = await this.workers.run({ kind: 'import', request }, { signal, onProgress: (p) => progress(p.done, p.total, p.label) });
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

  async startExtraction(input: StartExtractionRequest): Promise<JobInfoOf<'extract'>> {
    const request = StartExtractionRequest.parse(input);
    const label = `Features: ${request.weights}, ${request.cut}, ${request.pooling}`;
    const info: JobInfoOf<'extract'> = { ...this.newJob('extract', label), kind: 'extract', request, featureSetId: null, result: null };
    return this.start(info, 'features', async (signal, progress) => {
      info.result = await this.workers.run({ kind: 'extract', request }, { signal, onProgress: (p) => progress(p.done, p.total, `${label} — ${p.label}`) });
      info.featureSetId = info.result.featureSetId;
    });
  }

  async startTransfer(input: StartTransferRequest): Promise<JobInfoOf<'transfer'>> {
    const request = StartTransferRequest.parse(input);
    const { spec } = request;
    const trains = spec.model.trainable.length > 0 ? `fine-tuning ${spec.model.trainable.join(', ')}` : 'frozen backbone';
    const label = `Transfer: ${spec.model.backbone.weights} to ${spec.model.backbone.cut}, ${trains}`;
    const info: JobInfoOf<'transfer'> = { ...this.newJob('transfer', label), kind: 'transfer', request, result: null };
    return this.start(info, 'weights', async (signal, progress) => {
      info.result = await this.workers.run({ kind: 'transfer', request }, { signal, onProgress: (p) => progress(p.done, p.total, `${label} — ${p.label}`) });
    });
  }

  async startBlock1Surgery(input: StartBlock1SurgeryRequest): Promise<JobInfoOf<'surgery'>> {
    const request = StartBlock1SurgeryRequest.parse(input);
    // Never overwrite a weight set or an earlier result: refused now, before any work.
    assertSurgeryTargetFree(this.db, request.name, surgeryOutFile(this.db.name, request.name));
    const label = `Surgery: block1 of ${request.weights} → one 5×5 conv`;
    const info: JobInfoOf<'surgery'> = { ...this.newJob('surgery', label), kind: 'surgery', request, result: null };
    return this.start(info, 'weights', async (signal, progress) => {
      info.result = await this.workers.run({ kind: 'surgery', request }, { signal, onProgress: (p) => progress(p.done, p.total, `${label} — ${p.label}`) });
    });
  }

  async startClipExport(input: StartClipExportRequest): Promise<JobInfoOf<'clips'>> {
    const request = StartClipExportRequest.parse(input);
    // Refused now, in words, rather than as a failed job: no such plays, or nothing to export.
    const plays = choosePlays(this.db, request);
    if (plays.length === 0) throw new ValidationError('There are no plays to export: the game or playlist is empty.');
    const what = request.playlist !== undefined ? `playlist “${request.playlist}”` : request.gameId !== undefined ? `game ${request.gameId}` : plays.length === 1 ? `play ${plays[0]!.id}` : `${plays.length} plays`;
    const target = await this.files.exportTarget(request.out, defaultClipName(request, plays.length === 1 ? plays[0]!.id : null));
    const label = `Clips: ${what} → ${request.layout === 'one-file' ? path.basename(target) : `${path.basename(target)}/ (one file per play)`}`;
    const info: JobInfoOf<'clips'> = { ...this.newJob('clips', label), kind: 'clips', request, target, result: null };
    const job = {
      kind: 'clips' as const,
      request: {
        ...(request.playIds ? { playIds: request.playIds } : {}),
        ...(request.gameId !== undefined ? { gameId: request.gameId } : {}),
        ...(request.playlist !== undefined ? { playlist: request.playlist } : {}),
        ...(request.layout === 'one-file' ? { out: target } : { perPlayDir: target }),
        leadS: request.leadS,
        lagS: request.lagS,
        titles: request.titles,
      },
    };
    return this.start(info, 'reports', async (signal, progress) => {
      info.result = await this.workers.run(job, { signal, onProgress: (p) => progress(p.done, p.total, `${label} — ${p.label}`) });
    });
  }

  /** A finished clip export's `index`-th file, while it is still on disk: what a download link serves. */
  exportedFile(jobId: string, index: number): string | undefined {
    const info = this.jobs.get(jobId)?.info;
    if (info?.kind !== 'clips' || info.state !== 'finished') return undefined;
    const file = info.result?.files[index]?.path;
    return file !== undefined && fs.existsSync(file) ? file : undefined;
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

  private newJob(kind: JobKind, label: string) {
    return { jobId: `${kind}-${this.nextId++}`, label, state: 'running' as const, done: 0, total: 0, etaS: null, startedAt: new Date().toISOString(), error: null };
  }

  private start<J extends JobInfo>(info: J, changes: 'games' | 'features' | 'weights' | 'reports', work: (signal: AbortSignal, progress: Progress) => Promise<void>): J {
    const controller = new AbortController();
    // Progress names the step in the label ("… — Play 12 (3 of 8)"); however the job ends, its name is its own again.
    const label = info.label;
    let eta: EtaEstimator | undefined;
    const progress: Progress = (done, total, current) => {
      if (total !== info.total) eta = new EtaEstimator(total, done);
      Object.assign(info, { done, total, label: current, etaS: eta?.update(done) ?? null });
      this.report(info);
    };
    const finished = work(controller.signal, progress)
      .then(
        () => {
          // A finished job is done, whatever its last progress message said.
          Object.assign(info, { state: 'finished', etaS: 0, done: Math.max(info.done, info.total) });
        },
        (error: unknown) => {
          const cancelled = error instanceof CancelledError || controller.signal.aborted;
          Object.assign(info, { state: cancelled ? 'cancelled' : 'failed', etaS: null, error: (error as Error).message });
        },
      )
      .finally(() => {
        info.label = label;
        this.report(info);
        // An export changes nothing in the library: no view needs to reload for it.
        if (changes !== 'reports') this.library.notifyChanged({ kind: changes });
      });
    this.jobs.set(info.jobId, { info, controller, finished });
    this.report(info);
    return { ...info };
  }

  private find(jobId: string): RunningJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new NotFoundError(`No job ${jobId}: it may belong to an earlier session of Film Room.`);
    return job;
  }

  private report(info: JobInfo): void {
    this.app.reportProgress(progressOf(info));
  }
}

/** A job's progress event: its kind, with the ids a view follows it by. */
export function progressOf(info: JobInfo): JobProgress {
  const base = { jobId: info.jobId, label: info.label, done: info.done, total: info.total, etaS: info.etaS, state: info.state, ...(info.error ? { message: info.error } : {}) };
  return info.kind === 'extract' ? { ...base, kind: 'extract', featureSetId: info.featureSetId } : { ...base, kind: info.kind };
}

/** `clips-<what>-<when>.mp4` (or a folder of that name): what is exported, and a time so no export replaces another. */
function defaultClipName(request: { playlist?: string | undefined; gameId?: number | undefined; playIds?: number[] | undefined; layout: 'one-file' | 'per-play' }, onlyPlay: number | null): string {
  const slug = (text: string) => text.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || 'playlist';
  const what = request.playlist !== undefined ? slug(request.playlist) : request.gameId !== undefined ? `game-${request.gameId}` : onlyPlay !== null ? `play-${onlyPlay}` : `${request.playIds?.length ?? 0}-plays`;
  const when = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
  return `clips-${what}-${when}${request.layout === 'one-file' ? '.mp4' : ''}`;
}
