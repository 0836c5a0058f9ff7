import type { CodingHistory, CodingResult, CodingService } from '../../../shared/api/coding.js';
import type { Game, LibraryService, Play, PlayPage } from '../../../shared/api/library.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import type { Prediction, ReviewQueue, TrainingService } from '../../../shared/api/training.js';
import { indexBy } from '../lib/collections.js';
import { playIndexAt } from '../lib/review-playback.js';
import { Resource } from './resource.svelte.js';

/** More plays than any real game has (the library's own page limit is 10,000). */
const PLAYS_LIMIT = 5000;
const QUEUE_LIMIT = 100;

/** A line about the last change, shown under the play it concerns (the "Saved" line). */
export interface PlayChangeLine {
  playIds: readonly number[];
  text: string;
}

/** What the last coding action did, or why it was refused, for the status line over the code bar. */
export interface CodingStatus {
  tone: 'done' | 'refused';
  text: string;
}

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
 * playhead's time (so the current play is known even before the video loads), the review queue, and
 * the coding operations with their undo and redo (the library's journal, so labels, new plays,
 * trims, splits and deletes undo in one order). The <video> element lives in the view (see
 * review-transport.svelte.ts).
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
  #history = $state.raw<CodingHistory | null>(null);
  /** Coding operations asked for and not yet answered; they run in turn on #operations. */
  #pendingOperations = $state.raw(0);
  #operations: Promise<unknown> = Promise.resolve();
  #problem = $state.raw<string | null>(null);
  #lastChange = $state.raw<PlayChangeLine | null>(null);
  #codingStatus = $state.raw<CodingStatus | null>(null);
  #savedPlayId: number | null = null;
  readonly #library: LibraryService;
  readonly #training: TrainingService;
  readonly #coding: CodingService;
  readonly #nameOf: (playType: string) => string;

  readonly game = $derived(this.games.value?.find((game) => game.id === this.#gameId));
  /** This game's plays in film order. */
  readonly playList = $derived([...(this.plays.value?.plays ?? [])].sort((a, b) => a.startS - b.startS || a.id - b.id));
  /** Current predictions only: one made for a play's old span is in `stalePredictionsByPlay`. */
  readonly predictionsByPlay = $derived(predictionsByPlay(this.predictions.value, false));
  readonly stalePredictionsByPlay = $derived(predictionsByPlay(this.predictions.value, true));
  readonly currentIndex = $derived(playIndexAt(this.playList, this.#timeS));
  readonly currentPlay = $derived<Play | undefined>(this.playList[this.currentIndex]);
  /** Teams seen in the library's games, for the queue's filter. */
  readonly teams = $derived.by(() => {
    const teams = (this.games.value ?? []).flatMap((game) => [game.homeTeam, game.awayTeam]).filter((team) => team !== null);
    return [...indexBy(teams, (team) => team.id).values()].sort((a, b) => a.name.localeCompare(b.name));
  });

  /** `nameOf` names a play type in messages (the library's taxonomy). */
  constructor(library: LibraryService, training: TrainingService, coding: CodingService, nameOf: (playType: string) => string) {
    this.#library = library;
    this.#training = training;
    this.#coding = coding;
    this.#nameOf = nameOf;
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

  /** The library's coding operations, for the code bar and the timeline (run them through perform). */
  get coding(): CodingService {
    return this.#coding;
  }

  get canUndo(): boolean {
    return Boolean(this.#history?.undo) && !this.saving;
  }

  get canRedo(): boolean {
    return Boolean(this.#history?.redo) && !this.saving;
  }

  /** What Ctrl+Z and Ctrl+Shift+Z would do now, for the buttons' titles. */
  get history(): CodingHistory | null {
    return this.#history;
  }

  /** The last coding action's outcome or refusal, until the next one. */
  get codingStatus(): CodingStatus | null {
    return this.#codingStatus;
  }

  /** Says something on the status line that is not an operation's outcome (a mark set, a play started). */
  setCodingStatus(status: CodingStatus | null): void {
    this.#codingStatus = status;
  }

  /** A change is on its way to the library. */
  get saving(): boolean {
    return this.#pendingOperations > 0;
  }

  /** The last change saved, undone or redone, for the "Saved" line under the play it concerns. */
  get lastChange(): PlayChangeLine | null {
    return this.#lastChange;
  }

  /** The last failure in plain words, until the next action succeeds. */
  get problem(): string | null {
    return this.#problem;
  }

  /** Follows label and run changes made anywhere (another window, the CLI through the host). */
  listen(): () => void {
    const subscription = this.#library.onDidChange((change) => {
      if (change.kind === 'plays') void Promise.all([this.#reload(), this.#loadHistory()]);
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
      this.#lastChange = null;
      this.#codingStatus = null;
      void this.#loadHistory();
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
    const name = this.#nameOf;
    if (play.playType === playType && play.labelSource === 'analyst') {
      this.#lastChange = { playIds: [play.id], text: `Already your label: ${name(playType)}` };
      return;
    }
    const result = await this.perform(() => this.#coding.editPlay({ playId: play.id, playType }), { failure: 'The label was not saved' });
    if (!result) return;
    this.#lastChange = {
      playIds: [play.id],
      text: playType === play.playType ? `Saved: ${name(playType)}, confirmed as your label` : `Saved: ${name(playType)} (was ${name(play.playType)})`,
    };
  }

  /**
   * Runs one coding operation: saved at once, shown at once (before the change event's reload), and
   * recorded for undo. Operations run one after another in the order they were asked for, so keys
   * pressed quickly (] ] ], or Ctrl+Z right after a change) all count, each on the result of the one
   * before: `call` runs when its turn comes and reads the plays then. `after` runs once the result
   * is shown. A refusal (an overlap, an empty span, past the end) is said on the status line and
   * changes nothing: undefined then; null when undo or redo had nothing to do.
   */
  perform(call: () => Promise<CodingResult | null>, options: { failure?: string; after?: (result: CodingResult) => void } = {}): Promise<CodingResult | null | undefined> {
    this.#pendingOperations += 1;
    const run = async (): Promise<CodingResult | null | undefined> => {
      try {
        const result = await call();
        this.#problem = null;
        if (!result) return null;
        this.applyCoding(result);
        this.#codingStatus = { tone: 'done', text: statusText(result) };
        options.after?.(result);
        return result;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (error instanceof ValidationError || error instanceof ConflictError || error instanceof NotFoundError) {
          this.#codingStatus = { tone: 'refused', text: `Refused: ${reason}` };
        } else {
          this.#problem = `${options.failure ?? 'The change was not saved'}: ${reason}. Nothing was changed; try again, or reload if the library was closed.`;
        }
        return undefined;
      } finally {
        this.#pendingOperations -= 1;
        void this.#loadHistory();
      }
    };
    const turn = this.#operations.then(run);
    this.#operations = turn;
    return turn;
  }

  /** Takes back the last coding change (a label too), wherever it was made; the play it touched is returned. */
  async undo(): Promise<CodingResult | undefined> {
    return this.#step('undo');
  }

  /** Does again the last change undone. */
  async redo(): Promise<CodingResult | undefined> {
    return this.#step('redo');
  }

  async #step(direction: 'undo' | 'redo'): Promise<CodingResult | undefined> {
    const result = await this.perform(() => (direction === 'undo' ? this.#coding.undo({}) : this.#coding.redo({})), { failure: `The ${direction} was not saved` });
    // null: the library's journal has nothing that way (undefined: refused or failed, already said).
    if (result === null) this.#codingStatus = { tone: 'refused', text: direction === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.' };
    if (!result) return undefined;
    const play = result.plays[0];
    // A label taken back speaks of the play's label, under that play, as relabelling does.
    if (play && result.operation === 'edit' && /^(Labelled|Confirmed) /.test(result.summary)) {
      this.#lastChange = { playIds: [play.id], text: direction === 'undo' ? `Undone: back to ${this.#nameOf(play.playType)}` : `Redone: ${this.#nameOf(play.playType)}` };
    } else {
      this.#lastChange = { playIds: result.plays.map((p) => p.id), text: statusText(result) };
    }
    return result;
  }

  /** Shows a coding result at once: its plays in place (or added), the ones it removed gone. */
  applyCoding(result: CodingResult): void {
    const page = this.plays.value;
    if (!page) return;
    const changed = result.plays.filter((p) => p.gameId === this.#gameId);
    const gone = [...result.removedPlayIds, ...result.plays.map((p) => p.id)];
    const kept = page.plays.filter((p) => !gone.includes(p.id));
    this.plays.set({ ...page, plays: [...kept, ...changed] });
  }

  async #loadHistory(): Promise<void> {
    try {
      this.#history = await this.#coding.history({});
    } catch {
      // Without a history the buttons stay as they were; the next operation asks again.
    }
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
    return this.predictions.load(() => this.#training.reviewQueue({ gameId, limit: PLAYS_LIMIT, includeStale: true, ...(runId !== undefined ? { runId } : {}) }), { keep });
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

/** A run's current (or stale) predictions by play id (rebuilt whole on every load, so a plain Map). */
function predictionsByPlay(queue: ReviewQueue | undefined, stale: boolean): ReadonlyMap<number, Prediction> {
  return indexBy(
    (queue?.items ?? []).filter((item) => item.stale === stale).map((item) => ({ playId: item.play.id, ...item.prediction })),
    (entry) => entry.playId,
  );
}

/** The status line's sentence for a coding result: what was done, undone or redone. */
function statusText(result: CodingResult): string {
  if (result.direction === 'undo') return `Undone: ${result.summary}`;
  if (result.direction === 'redo') return `Redone: ${result.summary}`;
  return `${result.summary}. Ctrl+Z undoes it.`;
}
