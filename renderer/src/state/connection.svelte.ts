import type { FilmRoomApi } from '../../../shared/api/index.js';
import { connectApi, LOST_CONNECTION_MESSAGE } from '../lib/api.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'lost' | 'failed';

/** Where the page stands with the main side: what the banners and the start screen show. */
export class ConnectionState {
  #status = $state.raw<ConnectionStatus>('connecting');
  #problem = $state.raw<string | null>(null);

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** What went wrong, in words a user can act on; null while all is well. */
  get problem(): string | null {
    return this.#problem;
  }

  /** Resolves to the API, or to undefined when there is none to be had (the problem says why). */
  async connect(): Promise<FilmRoomApi | undefined> {
    this.#status = 'connecting';
    this.#problem = null;
    try {
      const api = await connectApi({ onLost: () => this.#fail('lost', LOST_CONNECTION_MESSAGE) });
      this.#status = 'connected';
      return api;
    } catch (error) {
      this.#fail('failed', error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  #fail(status: 'lost' | 'failed', problem: string): void {
    this.#status = status;
    this.#problem = problem;
  }
}
