import type { Play } from '../../../shared/api/library.js';
import type { CreatePlaylistRequest, PlaylistContents, PlaylistsService, PlaylistSummary } from '../../../shared/api/playlists.js';
import { Resource } from './resource.svelte.js';
import { LatestRequest } from '../lib/latest-request.js';

/**
 * The library's playlists (cut-ups) as the Library view shows them: the list, the one opened with
 * its plays in order, and the hand-picked plays of the plays table waiting to become a list.
 */
export class PlaylistsState {
  readonly list = new Resource<PlaylistSummary[]>();
  readonly opened = new Resource<PlaylistContents>();
  #problem = $state.raw<string | null>(null);
  #notice = $state.raw<string | null>(null);
  /** The plays table's picks, in the order they were picked (a saved list keeps it). */
  #picked = $state.raw<readonly number[]>([]);
  /** Where the last plain click was in the table, for Shift+click ranges. */
  #anchor: number | null = null;
  readonly #api: PlaylistsService;
  /** Moves made in a row each save the whole order: only the last one's answer is shown. */
  readonly #moves = new LatestRequest();

  constructor(api: PlaylistsService) {
    this.#api = api;
  }

  get problem(): string | null {
    return this.#problem;
  }

  /** The last thing done, in words ("Saved …"). */
  get notice(): string | null {
    return this.#notice;
  }

  get picked(): readonly number[] {
    return this.#picked;
  }

  isPicked(playId: number): boolean {
    return this.#picked.includes(playId);
  }

  /**
   * A checkbox's click: toggles the play; with Shift, picks every play from the last click to this
   * one (`visible` is the table's order), as file lists do.
   */
  pick(playId: number, visible: readonly Play[], range: boolean): void {
    const at = visible.findIndex((p) => p.id === playId);
    if (range && this.#anchor !== null && at !== -1) {
      const from = visible.findIndex((p) => p.id === this.#anchor);
      if (from !== -1) {
        const span = visible.slice(Math.min(from, at), Math.max(from, at) + 1).map((p) => p.id);
        this.#picked = [...this.#picked, ...span.filter((id) => !this.#picked.includes(id))];
        this.#anchor = playId;
        return;
      }
    }
    this.#picked = this.#picked.includes(playId) ? this.#picked.filter((id) => id !== playId) : [...this.#picked, playId];
    this.#anchor = playId;
  }

  /** Picks every play the table shows (or lifts them all when every one is picked). */
  pickAll(visible: readonly Play[]): void {
    const ids = visible.map((p) => p.id);
    const all = ids.length > 0 && ids.every((id) => this.#picked.includes(id));
    this.#picked = all ? this.#picked.filter((id) => !ids.includes(id)) : [...this.#picked, ...ids.filter((id) => !this.#picked.includes(id))];
  }

  clearPicks(): void {
    this.#picked = [];
    this.#anchor = null;
  }

  async load(): Promise<void> {
    await this.list.load(() => this.#api.list({}), { keep: true });
  }

  /** Saves a filter or a list; true when it was saved (the problem says why not). */
  async create(request: CreatePlaylistRequest): Promise<boolean> {
    this.#problem = null;
    try {
      const saved = await this.#api.create(request);
      this.#notice = `Saved “${saved.name}”: ${saved.playCount} play${saved.playCount === 1 ? '' : 's'}.`;
      await this.load();
      await this.open(saved.name);
      return true;
    } catch (error) {
      this.#problem = `The playlist was not saved: ${(error as Error).message}`;
      return false;
    }
  }

  async open(name: string): Promise<void> {
    await this.opened.load(() => this.#api.show({ name }));
  }

  close(): void {
    this.opened.clear();
  }

  async remove(name: string): Promise<void> {
    this.#problem = null;
    try {
      await this.#api.delete({ name });
      if (this.opened.value?.name === name) this.opened.clear();
      this.#notice = `Deleted “${name}” (its plays stay in the library).`;
      await this.load();
    } catch (error) {
      this.#problem = `“${name}” was not deleted: ${(error as Error).message}`;
    }
  }

  /** Moves a play of the opened list from one place to another and saves the new order at once. */
  async move(from: number, to: number): Promise<void> {
    const list = this.opened.value;
    if (!list || list.kind !== 'list' || from === to || to < 0 || to >= list.plays.length) return;
    const plays = [...list.plays];
    const [moved] = plays.splice(from, 1);
    plays.splice(to, 0, moved!);
    // Shown at once; the saved order comes back from the library.
    this.opened.set({ ...list, plays });
    this.#problem = null;
    const newest = this.#moves.begin();
    try {
      const saved = await this.#api.reorder({ name: list.name, playIds: plays.map((p) => p.id) });
      if (newest()) this.opened.set(saved);
    } catch (error) {
      this.#problem = `The new order was not saved: ${(error as Error).message}`;
      if (newest()) await this.open(list.name);
    }
  }

  dismiss(): void {
    this.#problem = null;
    this.#notice = null;
  }
}
