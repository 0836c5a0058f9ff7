import type { JobProgress } from '../../../shared/api/app.js';
import type { FilmRoomApi } from '../../../shared/api/index.js';
import type { JobInfo, JobInfoOf, StartImportRequest } from '../../../shared/api/jobs.js';
import { applyProgress, defaultSeasonName } from '../lib/import.js';

/**
 * The Import view's state: the path and season being typed, the import job being watched (running
 * or ended), and a plain-words problem when starting, cancelling or reading one fails. Lives as long
 * as the app, so leaving the view keeps both the typed path and the job; `resume` also finds a job
 * this page did not start (after a reload, or from another window on the same Film Room).
 *
 * Progress arrives through app.onDidProgress; the outcome (summary and error report) is read with
 * jobs.get once the job has ended, since progress events do not carry it.
 */
export class ImportState {
  path = $state('');
  season = $state('');
  #job = $state.raw<JobInfoOf<'import'> | null>(null);
  #problem = $state.raw<string | null>(null);
  #starting = $state.raw(false);
  #cancelling = $state.raw(false);
  // Events that arrive while jobs.startImport is still answering: the job's id is not known yet, and
  // a fast job may even end before the answer. Never rendered, so a plain Map on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #early = new Map<string, JobProgress>();
  /** Bumped by each start, so a slower resume cannot replace the job the user just started. */
  #generation = 0;
  readonly #api: FilmRoomApi;

  readonly running = $derived(this.#job?.state === 'running');
  readonly canStart = $derived(this.path.trim() !== '' && !this.running && !this.#starting);
  /** What the season will be called if the field stays empty (the importer's own rule). */
  readonly defaultSeason = $derived(defaultSeasonName(this.path));

  constructor(api: FilmRoomApi) {
    this.#api = api;
  }

  get job(): JobInfoOf<'import'> | null {
    return this.#job;
  }

  /** What went wrong starting, cancelling or reading the import, or null. */
  get problem(): string | null {
    return this.#problem;
  }

  get starting(): boolean {
    return this.#starting;
  }

  get cancelling(): boolean {
    return this.#cancelling;
  }

  /** Follows import progress; returns the stop function. */
  listen(): () => void {
    const subscription = this.#api.app.onDidProgress((progress) => this.#onProgress(progress));
    return () => {
      subscription.dispose();
      this.#early.clear();
    };
  }

  /** Shows the latest import of this Film Room session, running or ended, unless an import is being started. */
  async resume(): Promise<void> {
    const generation = this.#generation;
    let jobs: JobInfo[];
    try {
      jobs = await this.#api.jobs.list({});
    } catch {
      return; // nothing to pick up is not worth a message; starting an import still works
    }
    if (generation !== this.#generation || this.#starting) return;
    const latest = jobs.find((job): job is JobInfoOf<'import'> => job.kind === 'import');
    if (latest) this.#job = latest;
  }

  async chooseFolder(): Promise<void> {
    try {
      const chosen = await this.#api.app.chooseFolder({ title: 'Choose a season folder to import' });
      if (chosen) this.path = chosen;
    } catch (error) {
      this.#problem = `Could not open the folder dialog: ${messageOf(error)} Type the folder's path instead.`;
    }
  }

  /** Imports what the fields say. */
  start(): Promise<void> {
    const season = this.season.trim();
    return this.#start({ path: this.path.trim(), ...(season ? { season } : {}) });
  }

  /** Runs the shown import again with what it was asked (to resume a cancelled or failed one). */
  async runAgain(): Promise<void> {
    const request = this.#job?.request;
    if (!request) return;
    this.path = request.path;
    this.season = request.season ?? '';
    await this.start();
  }

  async cancel(): Promise<void> {
    const job = this.#job;
    if (!job || job.state !== 'running' || this.#cancelling) return;
    this.#cancelling = true;
    this.#problem = null;
    try {
      // Resolves once the import has stopped (the game being decoded is finished or rolled back first).
      const stopped = await this.#api.jobs.cancel({ jobId: job.jobId });
      if (this.#job?.jobId === stopped.jobId && stopped.kind === 'import') this.#job = stopped;
    } catch (error) {
      this.#problem = `Could not cancel the import: ${messageOf(error)}`;
    } finally {
      this.#cancelling = false;
    }
  }

  async #start(request: StartImportRequest): Promise<void> {
    if (!this.canStart || request.path === '') return;
    this.#generation++;
    this.#starting = true;
    this.#problem = null;
    this.#early.clear();
    try {
      const started = await this.#api.jobs.startImport(request);
      const early = this.#early.get(started.jobId);
      this.#job = early ? applyProgress(started, early) : started;
      if (this.#job.state !== 'running') await this.#readOutcome(started.jobId);
    } catch (error) {
      this.#problem = `Could not start the import: ${messageOf(error)}`;
    } finally {
      this.#starting = false;
      this.#early.clear();
    }
  }

  #onProgress(progress: JobProgress): void {
    if (progress.kind !== 'import') return;
    const job = this.#job;
    if (job?.jobId !== progress.jobId) {
      if (this.#starting) this.#early.set(progress.jobId, progress);
      return;
    }
    this.#job = applyProgress(job, progress);
    if (progress.state !== 'running' && job.state === 'running') void this.#readOutcome(progress.jobId);
  }

  async #readOutcome(jobId: string): Promise<void> {
    try {
      const ended = await this.#api.jobs.get({ jobId });
      if (this.#job?.jobId === jobId && ended.kind === 'import') this.#job = ended;
    } catch (error) {
      this.#problem = `The import ended, but its report could not be read: ${messageOf(error)} The Library shows what was imported.`;
    }
  }
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
