import { z } from 'zod';
import type { Event } from '../events.js';
import { LABEL_SOURCES, PlayTypeId, type LabelSource, type PlayType } from '../taxonomy.js';

// ---- requests -------------------------------------------------------------------------------

const id = z.number().int('must be a whole number').positive('must be a positive id');

export const LibraryInfoRequest = z.object({}).strict();
export const ListSeasonsRequest = z.object({}).strict();
export const ListGamesRequest = z
  .object({
    seasonId: id.optional(),
  })
  .strict();
/** The plays table's columns that it can be sorted by; 'start' is film order (game, then start time). */
export const PLAY_SORT_KEYS = ['game', 'start', 'end', 'playType', 'team', 'player', 'period', 'label', 'tags'] as const;
export type PlaySortKey = (typeof PLAY_SORT_KEYS)[number];
/** An import keeps a row's player as a tag of this prefix ("Player:J. Smith"); the table shows it as its own column. */
export const PLAYER_TAG_PREFIX = 'Player:';

const filterText = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const ListPlaysRequest = z
  .object({
    gameId: id.optional(),
    seasonId: id.optional(),
    playType: PlayTypeId.optional(),
    labelSource: z.enum(LABEL_SOURCES).optional(),
    /** Words that must each appear in the game's name, the team, the player, the play type's name or a tag. */
    search: filterText.optional(),
    teamId: id.optional(),
    player: filterText.optional(),
    period: z.number().int().min(0).max(99).optional(),
    /** A free tag (not the player's), matched whole. */
    tag: filterText.optional(),
    sort: z.enum(PLAY_SORT_KEYS).default('start'),
    descending: z.boolean().default(false),
    limit: z.number().int().min(1).max(10_000).default(500),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export const PlayTypeCountsRequest = z
  .object({
    seasonId: id.optional(),
    gameId: id.optional(),
  })
  .strict();
export const TaxonomyRequest = z.object({}).strict();
export const SetPlayLabelRequest = z
  .object({
    playId: id,
    playType: PlayTypeId,
    /** 'analyst' for an edit; undo passes back the label's previous source. */
    labelSource: z.enum(LABEL_SOURCES).default('analyst'),
  })
  .strict();
export type SetPlayLabelRequest = z.input<typeof SetPlayLabelRequest>;

/** Where the analyst is in Review: kept in the library, so a restart (or another window) opens there. */
export const ReviewPosition = z
  .object({
    gameId: id,
    playId: id.nullable(),
  })
  .strict();
export type ReviewPosition = z.infer<typeof ReviewPosition>;
export const ReviewPositionRequest = z.object({}).strict();

export type ListGamesRequest = z.input<typeof ListGamesRequest>;
export type ListPlaysRequest = z.input<typeof ListPlaysRequest>;
export type PlayTypeCountsRequest = z.input<typeof PlayTypeCountsRequest>;
export const PlayFacetsRequest = PlayTypeCountsRequest;
export type PlayFacetsRequest = PlayTypeCountsRequest;
type Empty = Record<string, never>;

// ---- results --------------------------------------------------------------------------------

export interface LibraryCounts {
  seasons: number;
  teams: number;
  games: number;
  plays: number;
  clips: number;
  weightSets: number;
  featureSets: number;
  models: number;
  trainingRuns: number;
  predictions: number;
}

export interface LibraryInfo {
  /** Absolute path of the SQLite file. */
  path: string;
  schemaVersion: number;
  /** The newest schema this build of Film Room knows. */
  supportedSchemaVersion: number;
  counts: LibraryCounts;
}

export interface Season {
  id: number;
  name: string;
  gameCount: number;
  playCount: number;
}

export interface TeamRef {
  id: number;
  name: string;
}

export interface Game {
  id: number;
  seasonId: number | null;
  seasonName: string | null;
  name: string;
  date: string | null;
  homeTeam: TeamRef | null;
  awayTeam: TeamRef | null;
  videoPath: string;
  contentHash: string;
  durationS: number;
  fps: number;
  width: number;
  height: number;
  playCount: number;
}

export interface Play {
  id: number;
  gameId: number;
  startS: number;
  endS: number;
  playType: string;
  labelSource: LabelSource;
  team: TeamRef | null;
  period: number | null;
  clock: string | null;
  tags: string[];
  /** Who the play is about: as an analyst coded it, else the player of an imported "Player:" tag (which stays in `tags` too); or null. */
  player: string | null;
}

/** What the plays of a game or season hold, for the filters' choices. */
export interface PlayFacets {
  teams: TeamRef[];
  players: string[];
  periods: number[];
  /** Free tags, the player's left out. */
  tags: string[];
}

export interface PlayPage {
  plays: Play[];
  total: number;
}

/** A label change: the play as it is now, and the label it had, so the change can be undone. */
export interface LabelChange {
  play: Play;
  previous: { playType: string; labelSource: LabelSource };
}

export interface PlayTypeCount {
  playType: string;
  count: number;
}

/** Why the library changed, so views refresh only what they show. */
export interface LibraryChange {
  readonly kind: 'games' | 'plays' | 'taxonomy' | 'runs' | 'features' | 'weights';
}

// ---- the service -----------------------------------------------------------------------------

export interface LibraryService {
  info(request: Empty): Promise<LibraryInfo>;
  listSeasons(request: Empty): Promise<Season[]>;
  listGames(request: ListGamesRequest): Promise<Game[]>;
  listPlays(request: ListPlaysRequest): Promise<PlayPage>;
  playTypeCounts(request: PlayTypeCountsRequest): Promise<PlayTypeCount[]>;
  /** The teams, players, periods and tags of a game's or season's plays (the filters' choices). */
  playFacets(request: PlayFacetsRequest): Promise<PlayFacets>;
  taxonomy(request: Empty): Promise<PlayType[]>;
  /** Relabels a play at once (saved before the promise resolves); fires onDidChange {kind: 'plays'}. */
  setPlayLabel(request: SetPlayLabelRequest): Promise<LabelChange>;
  /** The last place Review was at, or null (none yet, or its game is gone). */
  reviewPosition(request: Empty): Promise<ReviewPosition | null>;
  setReviewPosition(request: ReviewPosition): Promise<void>;
  readonly onDidChange: Event<LibraryChange>;
}

export const libraryContract = {
  methods: {
    info: LibraryInfoRequest,
    listSeasons: ListSeasonsRequest,
    listGames: ListGamesRequest,
    listPlays: ListPlaysRequest,
    playTypeCounts: PlayTypeCountsRequest,
    playFacets: PlayFacetsRequest,
    taxonomy: TaxonomyRequest,
    setPlayLabel: SetPlayLabelRequest,
    reviewPosition: ReviewPositionRequest,
    setReviewPosition: ReviewPosition,
  },
  events: ['onDidChange'],
} as const;
