import type {
  Game,
  LibraryChange,
  LibraryInfo,
  LibraryService,
  PlayFacets,
  PlayPage,
  PlaySortKey,
  PlayTypeCount,
  Season,
} from '../../../shared/api/library.js';
import type { LabelSource, PlayType } from '../../../shared/taxonomy.js';
import { indexBy } from '../lib/collections.js';
import { Resource } from './resource.svelte.js';

/** A season's id, or every game at once (shown only when some games belong to no season). */
export type SeasonScope = number | 'all';
export type CountsScope = 'season' | 'game';
/** Whose plays the table lists: the selected game's, or the whole season's (or every game's under "All games"). */
export type PlaysScope = 'game' | 'season';

/** The plays table's filters; null (or '') is "any". */
export interface PlayQuery {
  search: string;
  teamId: number | null;
  player: string | null;
  period: number | null;
  playType: string | null;
  labelSource: LabelSource | null;
  tag: string | null;
}

export interface PlaySort {
  key: PlaySortKey;
  descending: boolean;
}

export const NO_PLAY_FILTER: PlayQuery = { search: '', teamId: null, player: null, period: null, playType: null, labelSource: null, tag: null };
const FILM_ORDER: PlaySort = { key: 'start', descending: false };

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
  readonly facets = new Resource<PlayFacets>();

  #scope = $state.raw<SeasonScope | null>(null);
  #gameId = $state.raw<number | null>(null);
  #countsScope = $state.raw<CountsScope>('season');
  #playsScope = $state.raw<PlaysScope>('game');
  #query = $state.raw<PlayQuery>(NO_PLAY_FILTER);
  #sort = $state.raw<PlaySort>(FILM_ORDER);
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

  get playsScope(): PlaysScope {
    return this.#playsScope;
  }

  get query(): PlayQuery {
    return this.#query;
  }

  get sort(): PlaySort {
    return this.#sort;
  }

  /** Whether any filter narrows the plays table. */
  get filtered(): boolean {
    return Object.entries(this.#query).some(([key, value]) => (key === 'search' ? value !== '' : value !== null));
  }

  async setPlaysScope(scope: PlaysScope): Promise<void> {
    if (scope === this.#playsScope) return;
    this.#playsScope = scope;
    await Promise.all([this.#loadPlays(false), this.#loadFacets(false)]);
  }

  /** Changes some filters and lists the plays again (the previous list stays until the answer comes). */
  async filterPlays(change: Partial<PlayQuery>): Promise<void> {
    this.#query = { ...this.#query, ...change };
    await this.#loadPlays(true);
  }

  async clearPlayFilters(): Promise<void> {
    this.#query = NO_PLAY_FILTER;
    await this.#loadPlays(true);
  }

  /**
   * The counts panel's click: the plays of that type, over what the counts cover (so the table lists as
   * many plays as the count said). A second click on the same type lifts the filter.
   */
  async showPlaysOfType(playType: string): Promise<void> {
    const again = this.#query.playType === playType;
    this.#query = { ...this.#query, playType: again ? null : playType };
    const scope: PlaysScope = this.#countsScope === 'game' ? 'game' : 'season';
    if (scope !== this.#playsScope) {
      this.#playsScope = scope;
      await Promise.all([this.#loadPlays(false), this.#loadFacets(false)]);
    } else {
      await this.#loadPlays(true);
    }
  }

  /** A header's click: sort by that column, or reverse it when it already sorts. */
  async sortPlaysBy(key: PlaySortKey): Promise<void> {
    this.#sort = this.#sort.key === key ? { key, descending: !this.#sort.descending } : { key, descending: false };
    await this.#loadPlays(true);
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
    await Promise.all([this.#loadPlays(false), this.#loadCounts(false), this.#loadFacets(false)]);
  }

  /** Selects the season of this name (the one an import just filled), reading the seasons again if it is new. */
  async selectSeasonNamed(name: string): Promise<void> {
    const find = () => this.seasons.value?.find((season) => season.name === name);
    if (!find()) await this.refresh();
    const season = find();
    if (season) await this.selectSeason(season.id);
  }

  async selectGame(gameId: number): Promise<void> {
    if (gameId === this.#gameId && this.#playsScope === 'game' && this.plays.value) return;
    this.#gameId = gameId;
    // Picking a game shows that game's plays, whatever the table listed before.
    this.#playsScope = 'game';
    await Promise.all([
      this.#loadPlays(false),
      this.#countsScope === 'game' ? this.#loadCounts(false) : undefined,
      this.#loadFacets(false),
    ]);
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
      this.facets.clear();
      await this.#loadCounts(true);
      return;
    }
    await this.games.load(() => this.#library.listGames(seasonFilter(scope)), { keep: sameScope });
    if (this.#scope !== scope) return; // the user picked another season meanwhile
    const games = this.games.value ?? [];
    if (!games.some((game) => game.id === this.#gameId)) this.#gameId = games[0]?.id ?? null;
    await Promise.all([this.#loadPlays(true), this.#loadCounts(true), this.#loadFacets(true)]);
  }

  #validScope(): SeasonScope | null {
    const seasons = this.seasons.value ?? [];
    if (typeof this.#scope === 'number' && seasons.some((season) => season.id === this.#scope)) return this.#scope;
    if (this.#scope === 'all' && this.unseasonedGames > 0) return 'all';
    if (seasons[0]) return seasons[0].id;
    return (this.info.value?.counts.games ?? 0) > 0 ? 'all' : null;
  }

  /** Whose plays the table and the filters' choices cover; null when there is nothing to list. */
  #playsPlace(): { gameId: number } | { seasonId?: number } | null {
    if (this.#playsScope === 'season' && this.#scope !== null) return seasonFilter(this.#scope);
    return this.#gameId === null ? null : { gameId: this.#gameId };
  }

  #loadPlays(keep: boolean): Promise<void> {
    const place = this.#playsPlace();
    if (place === null) {
      this.plays.clear();
      return Promise.resolve();
    }
    const query = this.#query;
    const request = {
      ...place,
      ...(query.search.trim() !== '' && { search: query.search.trim() }),
      ...(query.teamId !== null && { teamId: query.teamId }),
      ...(query.player !== null && { player: query.player }),
      ...(query.period !== null && { period: query.period }),
      ...(query.playType !== null && { playType: query.playType }),
      ...(query.labelSource !== null && { labelSource: query.labelSource }),
      ...(query.tag !== null && { tag: query.tag }),
      sort: this.#sort.key,
      descending: this.#sort.descending,
      limit: PLAYS_LIMIT,
    };
    return this.plays.load(() => this.#library.listPlays(request), { keep });
  }

  #loadFacets(keep: boolean): Promise<void> {
    const place = this.#playsPlace();
    if (place === null) {
      this.facets.clear();
      return Promise.resolve();
    }
    return this.facets.load(() => this.#library.playFacets(place), { keep });
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
