import type { Database } from 'better-sqlite3';
import {
  ListGamesRequest,
  ListPlaysRequest,
  PlayTypeCountsRequest,
  PlayFacetsRequest,
  ReviewPosition,
  SetPlayLabelRequest,
  type LabelChange,
  type LibraryChange,
  type LibraryInfo,
  type LibraryService,
} from '../../shared/api/library.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { Emitter } from '../../shared/events.js';
import type { PlayType } from '../../shared/taxonomy.js';
import { LATEST_SCHEMA_VERSION } from '../library/migrations/index.js';
import { countEverything } from '../library/repositories/counts.js';
import { getGame, listGames } from '../library/repositories/games.js';
import { countPlaysByType, findPlay, listPlays, playFacets, updatePlayLabel } from '../library/repositories/plays.js';
import { listSeasons } from '../library/repositories/seasons.js';
import { readAppState, writeAppState } from '../library/repositories/settings.js';
import { listPlayTypes } from '../library/repositories/taxonomy.js';

/**
 * The library as the front doors see it. Requests arrive already validated by the dispatcher;
 * methods parse again only to apply the schema's defaults when called directly (CLI, tests).
 */
export class LibraryServiceImpl implements LibraryService {
  private readonly changes = new Emitter<LibraryChange>();
  readonly onDidChange = this.changes.event;

  constructor(private readonly db: Database) {}

  async info(): Promise<LibraryInfo> {
    return {
      path: this.db.name,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      supportedSchemaVersion: LATEST_SCHEMA_VERSION,
      counts: countEverything(this.db),
    };
  }

  async listSeasons() {
    return listSeasons(this.db);
  }

  async listGames(request: ListGamesRequest) {
    return listGames(this.db, ListGamesRequest.parse(request));
  }

  async listPlays(request: ListPlaysRequest) {
    const { limit, offset, sort, descending, ...filter } = ListPlaysRequest.parse(request);
    return listPlays(this.db, filter, { limit, offset }, { sort, descending });
  }

  async playFacets(request: PlayFacetsRequest) {
    return playFacets(this.db, PlayFacetsRequest.parse(request));
  }

  async playTypeCounts(request: PlayTypeCountsRequest) {
    const counts = new Map(countPlaysByType(this.db, PlayTypeCountsRequest.parse(request)).map((c) => [c.playType, c.count]));
    // Every type of the taxonomy, in its order, so an absent type shows as 0 rather than vanishing.
    return listPlayTypes(this.db).map((type) => ({ playType: type.id, count: counts.get(type.id) ?? 0 }));
  }

  async taxonomy(): Promise<PlayType[]> {
    return listPlayTypes(this.db);
  }

  async setPlayLabel(request: SetPlayLabelRequest): Promise<LabelChange> {
    const { playId, playType, labelSource } = SetPlayLabelRequest.parse(request);
    const before = findPlay(this.db, playId);
    if (!before) throw new NotFoundError(`No play ${playId} in this library: it may have been removed by a re-import.`);
    if (!listPlayTypes(this.db).some((t) => t.id === playType)) {
      throw new ValidationError(`"${playType}" is not a play type of this library: choose one of ${listPlayTypes(this.db).map((t) => t.id).join(', ')}.`);
    }
    updatePlayLabel(this.db, playId, playType, labelSource);
    this.changes.fire({ kind: 'plays' });
    return { play: findPlay(this.db, playId)!, previous: { playType: before.playType, labelSource: before.labelSource } };
  }

  async reviewPosition(): Promise<ReviewPosition | null> {
    const saved = ReviewPosition.safeParse(readAppState(this.db, 'review_position'));
    if (!saved.success || !getGame(this.db, saved.data.gameId)) return null;
    // A play removed since (a re-import) leaves the game: Review opens at its start.
    return saved.data.playId !== null && findPlay(this.db, saved.data.playId)?.gameId !== saved.data.gameId ? { ...saved.data, playId: null } : saved.data;
  }

  async setReviewPosition(request: ReviewPosition): Promise<void> {
    writeAppState(this.db, 'review_position', ReviewPosition.parse(request));
  }

  /** Called by whatever wrote to the library (import, labelling, training) so views refresh. */
  notifyChanged(change: LibraryChange): void {
    this.changes.fire(change);
  }

  private watcher: ReturnType<typeof setInterval> | undefined;

  /**
   * Notices writes by other processes (a `filmroom import` in a terminal while the app is open):
   * SQLite's data_version changes when another connection commits. Long-lived front doors call it.
   */
  watchExternalChanges(intervalMs = 1000): void {
    if (this.watcher) return;
    let seen = this.db.pragma('data_version', { simple: true });
    this.watcher = setInterval(() => {
      const now = this.db.pragma('data_version', { simple: true });
      if (now === seen) return;
      seen = now;
      this.changes.fire({ kind: 'games' });
    }, intervalMs);
    this.watcher.unref();
  }

  dispose(): void {
    clearInterval(this.watcher);
    this.changes.dispose();
  }
}
