import type { Database } from 'better-sqlite3';
import type { JobInfo, JobRequest, JobsService, StartImportRequest } from '../../shared/api/jobs.js';
import { CancelledError, NotFoundError } from '../../shared/errors.js';
import { importSeason } from '../import/import-season.js';
import { EtaEstimator } from '../jobs/eta.js';
import { ClipCache } from '../media/clip-cache.js';
import type { AppServiceImpl } from './app-service.js';
import type { LibraryServiceImpl } from './library-service.js';

interface RunningJob {
  info: JobInfo;
  controller: AbortController;
  finished: Promise<void>;
}

/**
 * Long work started from the UI. An import's heavy parts run outside this thread (ffmpeg and
 * ffprobe processes, hashing on libuv's pool, asynchronous file writes), so the front doors stay
 * responsive; progress goes out as app.onDidProgress, and a cancelled import resumes when run again.
 */
export class JobsServiceImpl implements JobsService {
  private readonly jobs = new Map<string, RunningJob>();
  private nextId = 1;

  constructor(
    private readonly db: Database,
    private readonly app: AppServiceImpl,
    private readonly library: LibraryServiceImpl,
    private readonly clipCache: ClipCache = ClipCache.besideLibrary(db.name),
  ) {}

  async startImport(request: StartImportRequest): Promise<JobInfo> {
    const jobId = `import-${this.nextId++}`;
    const controller = new AbortController();
    const info: JobInfo = { jobId, kind: 'import', label: `Importing ${request.path}`, state: 'running', done: 0, total: 0, etaS: null, startedAt: new Date().toISOString(), error: null, result: null };
    let eta: EtaEstimator | undefined;
    const finished = importSeason(this.db, {
      target: request.path,
      clipCache: this.clipCache,
      ...(request.season ? { season: request.season } : {}),
      signal: controller.signal,
      onProgress: ({ done, total, label }) => {
        eta ??= new EtaEstimator(total, done);
        Object.assign(info, { done, total, etaS: eta.update(done), label: `Importing ${label}` });
        this.report(info);
      },
    }).then(
      (report) => {
        const { timings: _timings, annotationsSetAside: _aside, ...summary } = report;
        Object.assign(info, { state: 'finished', etaS: 0, result: summary, label: `Imported ${request.path}` });
      },
      (error: unknown) => {
        const cancelled = error instanceof CancelledError || controller.signal.aborted;
        Object.assign(info, { state: cancelled ? 'cancelled' : 'failed', etaS: null, error: (error as Error).message });
      },
    ).finally(() => {
      this.report(info);
      this.library.notifyChanged({ kind: 'games' });
    });
    this.jobs.set(jobId, { info, controller, finished });
    this.report(info);
    return { ...info };
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

  private find(jobId: string): RunningJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new NotFoundError(`No job ${jobId}: it may belong to an earlier session of Film Room.`);
    return job;
  }

  private report(info: JobInfo): void {
    this.app.reportProgress({ jobId: info.jobId, kind: info.kind, label: info.label, done: info.done, total: info.total, etaS: info.etaS, state: info.state, ...(info.error ? { message: info.error } : {}) });
  }
}
