import type { Game, LabelChange, LibraryService, Play, PlayPage } from '../../../shared/api/library.js';
import type { Prediction, ReviewQueue, TrainingService } from '../../../shared/api/training.js';
import { indexBy } from '../lib/collections.js';
import { playIndexAt } from '../lib/review-playback.js';
import { Resource } from './resource.svelte.js';

/** More plays than any real game has (the library's own page limit is 10,000). */
const PLAYS_LIMIT = 5000;
const QUEUE_LIMIT = 100;
/** Undo reaches back this far; an analyst undoes the last few keys, not the afternoon. */
const UNDO_DEPTH = 100;

export interface QueueFilter {
  /** Only the game under review, or every game. */
  scope: 'game' | 'all';
  teamId: number | null;
  trueType: string | null;
  predictedType: string | null;
}

export interface ReviewOpenRequest {
  gameId: number;
  playId?: number;
  runId?: number;
}

/**
 * Review's data: the game under review with its plays and the model's predictions for them, the
 * playhead's time (so the current play is known even before the video loads), the review queue and
 * the undo stack. The <video> element itself lives in the view (see review-transport.svelte.ts).
 */
export class ReviewState {
  readonly games = new Resource<Game[]>();
  readonly plays = new Resource<PlayPage>();
  /** The chosen run's predictions for this game's plays. */
  readonly predictions = new Resource<ReviewQueue>();
  readonly queue = new Resource<ReviewQueue>();

  #gameId = $state.raw<number | null>(null);
  #runId = $state.raw<number | undefined>(undefined);
  #timeS = $state.raw(0);
  /** A play to seek to once the video can seek (set by open(), taken by the view). */
  #pendingPlayId = $state.raw<number | null>(null);
  #filter = $state.raw<QueueFilter>({ scope: 'game', teamId: null, trueType: null, predictedType: null });
  #undo = $state.raw<readonly LabelChange[]>([]);
  #saving = $state.raw(false);
  #problem = $state.raw<string | null>(null);
  #lastChange = $state.raw<{ change: LabelChange; undone: boolean } | null>(null);
  #savedPlayId: number | null = null;
  readonly #library: LibraryService;
  readonly #training: TrainingService;

  readonly game = $derived(this.games.value?.find((game) => game.id === this.#gameId));
  /** This game's plays in film order. */
  readonly playList = $derived([...(this.plays.value?.plays ?? [])].sort((a, b) => a.startS - b.startS || a.id - b.id));
  readonly predictionsByPlay = $derived(predictionsByPlay(this.predictions.value));
  readonly currentIndex = $derived(playIndexAt(this.playList, this.#timeS));
  readonly currentPlay = $derived<Play | undefined>(this.playList[this.currentIndex]);
  /** Teams seen in the library's games, for the queue's filter. */
  readonly teams = $derived.by(() => {
    const teams = (this.games.value ?? []).flatMap((game) => [game.homeTeam, game.awayTeam]).filter((team) => team !== null);
    return [...indexBy(teams, (team) => team.id).values()].sort((a, b) => a.name.localeCompare(b.name));
  });

  constructor(library: LibraryService, training: TrainingService) {
    this.#library = library;
    this.#training = training;
  }

  get gameId(): number | null {
    return this.#gameId;
  }

  /** The run whose predictions are shown: the one asked for, else the newest finished run (once known). */
  get runId(): number | null {
    return this.#runId ?? this.predictions.value?.runId ?? null;
  }

  get timeS(): number {
    return this.#timeS;
  }

  get pendingPlayId(): number | null {
    return this.#pendingPlayId;
  }

  get filter(): QueueFilter {
    return this.#filter;
  }

  get canUndo(): boolean {
    return this.#undo.length > 0 && !this.#saving;
  }

  get saving(): boolean {
    return this.#saving;
  }

  /** The last label saved or undone, for the "Saved" line. */
  get lastChange(): { change: LabelChange; undone: boolean } | null {
    return this.#lastChange;
  }

  /** The last failure in plain words, until the next action succeeds. */
  get problem(): string | null {
    return this.#problem;
  }

  /** Follows label and run changes made anywhere (another window, the CLI through the host). */
  listen(): () => void {
    const subscription = this.#library.onDidChange((change) => {
      if (change.kind === 'plays') void this.#reload();
      else if (change.kind === 'games') void this.games.load(() => this.#library.listGames({}), { keep: true });
      // A run that finished (or new predictions) changes both the predicted row and the queue.
      else if (change.kind === 'runs') void Promise.all([this.#loadPredictions(true), this.#loadQueue(true)]);
    });
    return () => subscription.dispose();
  }

  /**
   * Opens a game (and a play in it) for review: the play another view asked for, else where the
   * analyst was last time, else `fallbackGameId` (the Library's selection), else the first game.
   */
  async open(target: ReviewOpenRequest | null, fallbackGameId: number | null): Promise<void> {
    await this.games.load(() => this.#library.listGames({}), { keep: true });
    const games = this.games.value ?? [];
    const saved = target ? null : await this.#library.reviewPosition({}).catch(() => null);
    const pick: ReviewOpenRequest | null =
      target ?? (saved ? { gameId: saved.gameId, ...(saved.playId !== null ? { playId: saved.playId } : {}) } : null) ?? (fallbackGameId !== null ? { gameId: fallbackGameId } : null);
    const gameId = pick && games.some((g) => g.id === pick.gameId) ? pick.gameId : (this.#gameId ?? games[0]?.id ?? null);
    if (target?.runId !== undefined) this.#runId = target.runId;
    if (gameId === null) return;
    await this.selectGame(gameId, pick?.gameId === gameId ? pick.playId : undefined);
  }

  async selectGame(gameId: number, playId?: number): Promise<void> {
    const sameGame = gameId === this.#gameId && this.plays.value !== undefined;
    this.#pendingPlayId = playId ?? null;
    if (!sameGame) {
      this.#gameId = gameId;
      this.#timeS = 0;
      this.#undo = [];
      this.#lastChange = null;
      await Promise.all([this.plays.load(() => this.#library.listPlays({ gameId, limit: PLAYS_LIMIT })), this.#loadPredictions(false)]);
    }
    if (this.#filter.scope === 'game' || this.queue.value === undefined) void this.#loadQueue();
    this.#savePosition(playId ?? null);
  }

  /** The video's playhead moved (playing, seeking, stepping). */
  setTime(timeS: number): void {
    if (Number.isFinite(timeS) && timeS !== this.#timeS) this.#timeS = timeS;
    const play = this.currentPlay;
    if (play && play.id !== this.#savedPlayId) this.#savePosition(play.id);
  }

  /** The view has seeked to the pending play. */
  takePendingPlay(): Play | undefined {
    const play = this.playList.find((p) => p.id === this.#pendingPlayId);
    this.#pendingPlayId = null;
    return play;
  }

  async selectRun(runId: number): Promise<void> {
    this.#runId = runId;
    await Promise.all([this.#loadPredictions(false), this.#loadQueue()]);
  }

  async setFilter(patch: Partial<QueueFilter>): Promise<void> {
    this.#filter = { ...this.#filter, ...patch };
    await this.#loadQueue();
  }

  /** Saves the play's type at once as the analyst's label; the change can be undone. */
  async relabel(play: Play, playType: string): Promise<void> {
    const change = await this.#save(() => this.#library.setPlayLabel({ playId: play.id, playType, labelSource: 'analyst' }));
    if (!change) return;
    this.#undo = [...this.#undo, change].slice(-UNDO_DEPTH);
    this.#lastChange = { change, undone: false };
  }

  /** Puts back the label (and its source) the last relabel replaced. */
  async undo(): Promise<Play | undefined> {
    const last = this.#undo[this.#undo.length - 1];
    if (!last || this.#saving) return undefined;
    const change = await this.#save(() =>
      this.#library.setPlayLabel({ playId: last.play.id, playType: last.previous.playType, labelSource: last.previous.labelSource }),
    );
    if (!change) return undefined;
    this.#undo = this.#undo.slice(0, -1);
    this.#lastChange = { change: last, undone: true };
    return change.play;
  }

  /** Remembers where the analyst is, in the library, so a restart opens here. */
  #savePosition(playId: number | null): void {
    const gameId = this.#gameId;
    if (gameId === null) return;
    this.#savedPlayId = playId;
    // Losing a position is harmless (Review opens at the game's start); it must never raise an error.
    this.#library.setReviewPosition({ gameId, playId }).catch(() => undefined);
  }

  dismissProblem(): void {
    this.#problem = null;
  }

  async #save(call: () => Promise<LabelChange>): Promise<LabelChange | undefined> {
    this.#saving = true;
    try {
      const change = await call();
      this.#problem = null;
      this.#replacePlay(change.play);
      return change;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#problem = `The label was not saved: ${reason}. The play keeps its previous label; try again, or reload if the library was closed.`;
      return undefined;
    } finally {
      this.#saving = false;
    }
  }

  /** Shows a saved label at once, before the change event's reload arrives. */
  #replacePlay(play: Play): void {
    const page = this.plays.value;
    if (!page || play.gameId !== this.#gameId) return;
    this.plays.set({ ...page, plays: page.plays.map((p) => (p.id === play.id ? play : p)) });
  }

  async #reload(): Promise<void> {
    const gameId = this.#gameId;
    if (gameId === null) return;
    await Promise.all([
      this.plays.load(() => this.#library.listPlays({ gameId, limit: PLAYS_LIMIT }), { keep: true }),
      this.#loadPredictions(true),
      this.#loadQueue(true),
    ]);
  }

  #loadPredictions(keep: boolean): Promise<void> {
    const gameId = this.#gameId;
    if (gameId === null) return Promise.resolve();
    const runId = this.#runId;
    return this.predictions.load(() => this.#training.reviewQueue({ gameId, limit: PLAYS_LIMIT, ...(runId !== undefined ? { runId } : {}) }), { keep });
  }

  #loadQueue(keep = false): Promise<void> {
    const { scope, teamId, trueType, predictedType } = this.#filter;
    const gameId = this.#gameId;
    const runId = this.#runId;
    return this.queue.load(
      () =>
        this.#training.reviewQueue({
          limit: QUEUE_LIMIT,
          ...(runId !== undefined ? { runId } : {}),
          ...(scope === 'game' && gameId !== null ? { gameId } : {}),
          ...(teamId !== null ? { teamId } : {}),
          ...(trueType !== null ? { trueType } : {}),
          ...(predictedType !== null ? { predictedType } : {}),
        }),
      { keep },
    );
  }
}

/** A run's predictions by play id (rebuilt whole on every load, so a plain Map). */
function predictionsByPlay(queue: ReviewQueue | undefined): ReadonlyMap<number, Prediction> {
  return indexBy(
    (queue?.items ?? []).map((item) => ({ playId: item.play.id, ...item.prediction })),
    (entry) => entry.playId,
  );
}
