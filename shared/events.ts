/** A subscription that can be ended. */
export interface Disposable {
  dispose(): void;
}

/** VS Code's event shape: call it with a listener, get back a way to stop listening. */
export type Event<T> = (listener: (payload: T) => void) => Disposable;

/** The firing side of an `Event<T>`, owned by the service that raises it. */
export class Emitter<T> {
  private readonly listeners = new Set<(payload: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not starve the others, and its error is rethrown after. */
  fire(payload: T): void {
    let failure: { error: unknown } | undefined;
    for (const listener of [...this.listeners]) {
      try {
        listener(payload);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
