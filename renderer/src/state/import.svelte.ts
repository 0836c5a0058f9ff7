import type { FilmRoomApi } from '../../../shared/api/index.js';
import type { JobInfo } from '../../../shared/api/jobs.js';

/**
 * The Import view's state: the path being typed, the import job (running or done), and a plain
 * error when starting one fails. Progress arrives through app.onDidProgress; the full outcome
 * (summary and error report) is read once the job ends.
 */
export class ImportState {
  path = $state('');
  season = $state('');
  #job = $state.raw<JobInfo | null>(null);
  #startError = $state<string | null>(null);
  #busy = $state(false);
  readonly #api: FilmRoomApi;

  constructor(api: FilmRoomApi) {
    this.#api = api;
  }

  get job(): JobInfo | null {
    return this.#job;
  }

  get startError(): string | null {
    return this.#startError;
  }

  get running(): boolean {
    return this.#job?.state === 'running';
  }

  get canStart(): boolean {
    return this.path.trim() !== '' && !this.running && !this.#busy;
  }

  /** Picks up an import started earlier in this session (the view was left and came back to). */
  async resume(): Promise<void> {
    const jobs = await this.#api.jobs.list({});
    const latest = jobs.find((job) => job.kind === 'import');
    if (latest) this.#job = latest.state === 'running' ? latest : await this.#api.jobs.get({ jobId: latest.jobId });
  }

  async chooseFolder(): Promise<void> {
    const chosen = await this.#api.app.chooseFolder({ title: 'Choose a season folder to import' });
    if (chosen) this.path = chosen;
  }

  async start(): Promise<void> {
    if (!this.canStart) return;
    this.#busy = true;
    this.#startError = null;
    try {
      const season = this.season.trim();
      this.#job = await this.#api.jobs.startImport({ path: this.path.trim(), ...(season ? { season } : {}) });
    } catch (error) {
      this.#startError = (error as Error).message;
    } finally {
      this.#busy = false;
    }
  }

  async cancel(): Promise<void> {
    if (!this.#job || !this.running) return;
    this.#job = await this.#api.jobs.cancel({ jobId: this.#job.jobId });
  }

  /** A progress event for this view's job: fetch the whole outcome once it ends. */
  async onProgress(jobId: string, state: JobInfo['state'], done: number, total: number, etaS: number | null, label: string): Promise<void> {
    if (this.#job?.jobId !== jobId) return;
    this.#job = { ...this.#job, state, done, total, etaS, label };
    if (state !== 'running') this.#job = await this.#api.jobs.get({ jobId });
  }
}
