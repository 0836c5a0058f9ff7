export type ResourceStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * One piece of data fetched from the main side, with its loading and error state. Only the latest
 * load may land: a slow answer for a season the user already left is dropped, not shown.
 */
export class Resource<T> {
  #value = $state.raw<T | undefined>(undefined);
  #status = $state.raw<ResourceStatus>('idle');
  #error = $state.raw<string | null>(null);
  #generation = 0;

  get value(): T | undefined {
    return this.#value;
  }

  get status(): ResourceStatus {
    return this.#status;
  }

  /** The failure in plain words (the error's own message), or null. */
  get error(): string | null {
    return this.#error;
  }

  /** True only for a first load: a refresh keeps showing the previous value instead of a spinner. */
  get loadingFirstTime(): boolean {
    return this.#status === 'loading' && this.#value === undefined;
  }

  /**
   * Fetches and stores the value. `keep` leaves the current value visible while loading (a refresh);
   * without it the old value is cleared first (it belongs to another selection).
   */
  async load(fetch: () => Promise<T>, { keep = false }: { keep?: boolean } = {}): Promise<void> {
    const generation = ++this.#generation;
    if (!keep) this.#value = undefined;
    this.#status = 'loading';
    this.#error = null;
    try {
      const value = await fetch();
      if (generation !== this.#generation) return;
      this.#value = value;
      this.#status = 'ready';
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#error = error instanceof Error ? error.message : String(error);
      this.#status = 'error';
    }
  }

  /** Replaces the value with one known locally (an edit the server has confirmed), dropping any load in flight. */
  set(value: T): void {
    this.#generation++;
    this.#value = value;
    this.#status = 'ready';
    this.#error = null;
  }

  /** Forget the value, and any load still in flight. */
  clear(): void {
    this.#generation++;
    this.#value = undefined;
    this.#status = 'idle';
    this.#error = null;
  }
}
