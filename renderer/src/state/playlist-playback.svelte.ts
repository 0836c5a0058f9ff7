import type { Play } from '../../../shared/api/library.js';
import type { PlaylistContents } from '../../../shared/api/playlists.js';

/**
 * A playlist played through in Review: its plays in order, which one is on, and whether the film
 * should move on by itself at the end of each. Review's own state knows nothing of it: the
 * playlist bar (components/review/PlaylistPlayer.svelte) drives Review through its public calls.
 */
export class PlaylistPlayback {
  #playlist = $state.raw<{ name: string; plays: readonly Play[] } | null>(null);
  #index = $state.raw(0);
  /** Set when a play should start playing as soon as Review has it on screen. */
  #autoplay = $state.raw(false);
  #ended = $state.raw(false);
  /**
   * Counts every move to a play, the same one included: going to the play already on ("Play again"
   * on a one-play list) must still seek back to its start, though `current` stays the same object.
   */
  #visit = $state.raw(0);

  get active(): boolean {
    return this.#playlist !== null;
  }

  get name(): string | null {
    return this.#playlist?.name ?? null;
  }

  get plays(): readonly Play[] {
    return this.#playlist?.plays ?? [];
  }

  get visit(): number {
    return this.#visit;
  }

  get index(): number {
    return this.#index;
  }

  get current(): Play | undefined {
    return this.#playlist?.plays[this.#index];
  }

  get autoplay(): boolean {
    return this.#autoplay;
  }

  /** The last play has run to its end. */
  get ended(): boolean {
    return this.#ended;
  }

  start(playlist: Pick<PlaylistContents, 'name' | 'plays'>): void {
    this.#playlist = { name: playlist.name, plays: [...playlist.plays] };
    this.#index = 0;
    this.#visit += 1;
    this.#ended = false;
    this.#autoplay = playlist.plays.length > 0;
  }

  /** Goes to the play at `index`; `play` asks the film to start on it. */
  goTo(index: number, play: boolean): boolean {
    if (!this.#playlist || index < 0 || index >= this.#playlist.plays.length) return false;
    this.#index = index;
    this.#visit += 1;
    this.#ended = false;
    this.#autoplay = play;
    return true;
  }

  /** The current play has ended: the next one, or the end of the playlist. */
  advance(): Play | undefined {
    if (this.goTo(this.#index + 1, true)) return this.current;
    this.#ended = true;
    this.#autoplay = false;
    return undefined;
  }

  /** Review has started the film on the current play. */
  autoplayDone(): void {
    this.#autoplay = false;
  }

  stop(): void {
    this.#playlist = null;
    this.#index = 0;
    this.#autoplay = false;
    this.#ended = false;
  }
}
