import type { FilmRoomApi } from '../../../shared/api/index.js';
import type { JobInfo, JobInfoOf, JobKind } from '../../../shared/api/jobs.js';
import type { JobsState } from './jobs.svelte.js';

/**
 * One job a panel started (a transfer run, layer surgery): its live progress from the app's
 * progress events, and its whole report, read once the job ends (progress events carry none).
 * Construct it while a component initialises: it follows the job with an effect of that component.
 */
export class TrackedJob<K extends JobKind> {
  #info = $state.raw<JobInfoOf<K> | null>(null);
  readonly #kind: K;
  #problem = $state.raw<string | null>(null);
  readonly #api: FilmRoomApi;
  readonly #jobs: JobsState;

  // A closure, not an expression: the jobs state is set in the constructor, after the fields.
  readonly progress = $derived.by(() => (this.#info ? this.#jobs.jobs.find((entry) => entry.jobId === this.#info!.jobId) : undefined));
  readonly running = $derived(this.#info !== null && (this.progress?.state ?? this.#info.state) === 'running');

  constructor(kind: K, api: FilmRoomApi, jobs: JobsState) {
    this.#kind = kind;
    this.#api = api;
    this.#jobs = jobs;
    $effect(() => {
      const ended = this.progress?.state;
      const info = this.#info;
      if (!info || !ended || ended === 'running' || info.state !== 'running') return;
      this.#api.jobs.get({ jobId: info.jobId }).then(
        (latest) => this.#accept(latest),
        (error: unknown) => (this.#problem = (error as Error).message),
      );
    });
  }

  /** The job as last read: its report once it has ended. */
  get info(): JobInfoOf<K> | null {
    return this.#info;
  }

  /** Why it could not start or be read, in plain words. */
  get problem(): string | null {
    return this.#problem;
  }

  /** Starts it; `failure` begins the message shown when the main side refuses. */
  async start(call: (jobs: FilmRoomApi['jobs']) => Promise<JobInfo>, failure: string): Promise<void> {
    this.#problem = null;
    try {
      this.#accept(await call(this.#api.jobs));
    } catch (error) {
      this.#problem = `${failure}: ${(error as Error).message}`;
    }
  }

  async cancel(): Promise<void> {
    const info = this.#info;
    if (!info) return;
    try {
      this.#accept(await this.#api.jobs.cancel({ jobId: info.jobId }));
    } catch (error) {
      this.#problem = (error as Error).message;
    }
  }

  /** Keeps a job of this tracker's kind; anything else is a bug worth saying, not a report to show. */
  #accept(info: JobInfo): void {
    if (info.kind === this.#kind) this.#info = info as JobInfoOf<K>;
    else this.#problem = `Expected a ${this.#kind} job, got a ${info.kind} job (${info.jobId}).`;
  }
}
