import type {
  Game,
  LibraryChange,
  LibraryInfo,
  LibraryService,
  PlayPage,
  PlayTypeCount,
  Season,
} from '../../../shared/api/library.js';
import type { PlayType } from '../../../shared/taxonomy.js';
import { indexBy } from '../lib/collections.js';
import { Resource } from './resource.svelte.js';

/** A season's id, or every game at once (shown only when some games belong to no season). */
export type SeasonScope = number | 'all';
export type CountsScope = 'season' | 'game';

/** More plays than any real game has; the table says so if a game ever exceeds it. */
const PLAYS_LIMIT = 2000;
/** An import fires many changes in a burst; one refresh answers them all. */
const REFRESH_DELAY_MS = 150;

export interface PlayTypeCountRow {
  type: PlayType;
  count: number;
}

/**
 * The Library view's data and selection: seasons → games → plays, and the counts per play type.
 * Lives as long as the app, so switching views keeps the selection.
 */
export class LibraryState {
  readonly info = new Resource<LibraryInfo>();
  readonly taxonomy = new Resource<PlayType[]>();
  readonly seasons = new Resource<Season[]>();
  readonly games = new Resource<Game[]>();
  readonly plays = new Resource<PlayPage>();
  readonly counts = new Resource<PlayTypeCount[]>();

  #scope = $state.raw<SeasonScope | null>(null);
  #gameId = $state.raw<number | null>(null);
  #countsScope = $state.raw<CountsScope>('season');
  readonly #library: LibraryService;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;

  readonly playTypesById = $derived(indexBy(this.taxonomy.value ?? [], (type) => type.id));
  readonly selectedSeason = $derived(this.seasons.value?.find((season) => season.id === this.#scope));
  readonly selectedGame = $derived(this.games.value?.find((game) => game.id === this.#gameId));
  /** Nothing imported yet: the view shows what to do first instead of empty panels. */
  readonly isEmpty = $derived(this.info.value?.counts.games === 0);
  /** Games that belong to no season, which only the "All games" entry can show. */
  readonly unseasonedGames = $derived.by(() => {
    const total = this.info.value?.counts.games;
    const seasons = this.seasons.value;
    if (total === undefined || !seasons) return 0;
    return Math.max(0, total - seasons.reduce((sum, season) => sum + season.gameCount, 0));
  });
  /** Every play type of the taxonomy, in its order, with its count (0 when absent). */
  readonly countRows = $derived.by((): PlayTypeCountRow[] => {
    if (!this.counts.value) return []; // unknown is not zero: show nothing rather than a row of 0s
    const counts = indexBy(this.counts.value, (row) => row.playType);
    return (this.taxonomy.value ?? []).map((type) => ({ type, count: counts.get(type.id)?.count ?? 0 }));
  });

  constructor(library: LibraryService) {
    this.#library = library;
  }

  get scope(): SeasonScope | null {
    return this.#scope;
  }

  get gameId(): number | null {
    return this.#gameId;
  }

  /** Whether the counts cover the selected season or only the selected game. */
  get countsScope(): CountsScope {
    return this.#countsScope;
  }

  /** Loads everything and follows changes; returns the stop function. */
  listen(): () => void {
    const subscription = this.#library.onDidChange((change) => this.#scheduleRefresh(change));
    void this.refresh();
    return () => {
      subscription.dispose();
      clearTimeout(this.#refreshTimer);
    };
  }

  async selectSeason(scope: SeasonScope): Promise<void> {
    if (scope === this.#scope) return;
    this.#scope = scope;
    this.#gameId = null;
    this.plays.clear();
    await this.games.load(() => this.#library.listGames(seasonFilter(scope)));
    if (this.#scope !== scope) return;
    this.#gameId = this.games.value?.[0]?.id ?? null;
    await Promise.all([this.#loadPlays(false), this.#loadCounts(false)]);
  }

  /** Selects the season of this name (the one an import just filled), reading the seasons again if it is new. */
  async selectSeasonNamed(name: string): Promise<void> {
    const find = () => this.seasons.value?.find((season) => season.name === name);
    if (!find()) await this.refresh();
    const season = find();
    if (season) await this.selectSeason(season.id);
  }

  async selectGame(gameId: number): Promise<void> {
    if (gameId === this.#gameId && this.plays.value) return;
    this.#gameId = gameId;
    await Promise.all([this.#loadPlays(false), this.#countsScope === 'game' ? this.#loadCounts(false) : undefined]);
  }

  async setCountsScope(scope: CountsScope): Promise<void> {
    if (scope === this.#countsScope) return;
    this.#countsScope = scope;
    await this.#loadCounts(false);
  }

  /**
   * Reloads what is shown, keeping the selection where it still exists. Used at start, after a
   * change event, and when the window regains focus (a `filmroom import` in a terminal fires no event here).
   */
  async refresh(): Promise<void> {
    await Promise.all([
      this.info.load(() => this.#library.info({}), { keep: true }),
      this.taxonomy.load(() => this.#library.taxonomy({}), { keep: true }),
      this.seasons.load(() => this.#library.listSeasons({}), { keep: true }),
    ]);
    const scope = this.#validScope();
    const sameScope = scope === this.#scope;
    if (!sameScope) {
      this.#scope = scope;
      this.#gameId = null;
    }
    if (scope === null) {
      this.games.clear();
      this.plays.clear();
      await this.#loadCounts(true);
      return;
    }
    await this.games.load(() => this.#library.listGames(seasonFilter(scope)), { keep: sameScope });
    if (this.#scope !== scope) return; // the user picked another season meanwhile
    const games = this.games.value ?? [];
    if (!games.some((game) => game.id === this.#gameId)) this.#gameId = games[0]?.id ?? null;
    await Promise.all([this.#loadPlays(true), this.#loadCounts(true)]);
  }

  #validScope(): SeasonScope | null {
    const seasons = this.seasons.value ?? [];
    if (typeof this.#scope === 'number' && seasons.some((season) => season.id === this.#scope)) return this.#scope;
    if (this.#scope === 'all' && this.unseasonedGames > 0) return 'all';
    if (seasons[0]) return seasons[0].id;
    return (this.info.value?.counts.games ?? 0) > 0 ? 'all' : null;
  }

  #loadPlays(keep: boolean): Promise<void> {
    const gameId = this.#gameId;
    if (gameId === null) {
      this.plays.clear();
      return Promise.resolve();
    }
    return this.plays.load(() => this.#library.listPlays({ gameId, limit: PLAYS_LIMIT }), { keep });
  }

  #loadCounts(keep: boolean): Promise<void> {
    const gameId = this.#gameId;
    const filter =
      this.#countsScope === 'game' && gameId !== null
        ? { gameId }
        : typeof this.#scope === 'number'
          ? { seasonId: this.#scope }
          : {};
    return this.counts.load(() => this.#library.playTypeCounts(filter), { keep });
  }

  #scheduleRefresh(change: LibraryChange): void {
    // Runs, features and weights change nothing this view shows but the library's totals.
    if (change.kind === 'runs' || change.kind === 'features' || change.kind === 'weights') {
      void this.info.load(() => this.#library.info({}), { keep: true });
      return;
    }
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }
}

function seasonFilter(scope: SeasonScope): { seasonId?: number } {
  return scope === 'all' ? {} : { seasonId: scope };
}
