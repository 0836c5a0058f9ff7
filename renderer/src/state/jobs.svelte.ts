import type { AppService, JobProgress } from '../../../shared/api/app.js';

/** How long a finished job stays on screen, so the user sees it end before it goes. */
const FINISHED_LINGER_MS = 8000;

/**
 * Long-running work reported by the main side (imports, extraction, training). Finished jobs fade
 * out by themselves; failed and cancelled ones, and finished exports (their download links), stay
 * until dismissed, because their message matters.
 */
export class JobsState {
  #jobs = $state.raw<readonly JobProgress[]>([]);
  // Bookkeeping for the fade-out timers, never rendered: a plain Map on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  readonly running = $derived(this.#jobs.filter((job) => job.state === 'running').length);

  get jobs(): readonly JobProgress[] {
    return this.#jobs;
  }

  /** Subscribes to the app's progress events; returns the stop function. */
  listen(app: AppService): () => void {
    const subscription = app.onDidProgress((progress) => this.update(progress));
    return () => {
      subscription.dispose();
      for (const timer of this.#timers.values()) clearTimeout(timer);
      this.#timers.clear();
    };
  }

  update(progress: JobProgress): void {
    const index = this.#jobs.findIndex((job) => job.jobId === progress.jobId);
    this.#jobs = index === -1 ? [...this.#jobs, progress] : this.#jobs.with(index, progress);
    clearTimeout(this.#timers.get(progress.jobId));
    this.#timers.delete(progress.jobId);
    // A finished export stays, like a failure: its download links are what the user came for.
    if (progress.state === 'finished' && progress.kind !== 'clips') {
      this.#timers.set(
        progress.jobId,
        setTimeout(() => this.dismiss(progress.jobId), FINISHED_LINGER_MS),
      );
    }
  }

  dismiss(jobId: string): void {
    clearTimeout(this.#timers.get(jobId));
    this.#timers.delete(jobId);
    this.#jobs = this.#jobs.filter((job) => job.jobId !== jobId);
  }
}
