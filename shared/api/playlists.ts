/** Playlists (cut-ups): a saved filter or a hand-picked, ordered list of plays, kept in the library. */
import { z } from 'zod';
import { LABEL_SOURCES, PlayTypeId } from '../taxonomy.js';
import type { Play } from './library.js';

const id = z.number().int('must be a whole number').positive('must be a positive id');

/** Every field narrows; an empty filter is every play. Run fields need `runId`. */
export const PlaylistFilter = z
  .object({
    gameId: id.optional(),
    /** Plays of a season's games (what the Library's table lists with *Season*). */
    seasonId: id.optional(),
    team: z.string().min(1).max(200).optional(),
    period: z.number().int().min(1).max(20).optional(),
    /** The true (labelled) play type. */
    playType: PlayTypeId.optional(),
    labelSource: z.enum(LABEL_SOURCES).optional(),
    player: z.string().min(1).max(200).optional(),
    /** Plays carrying all of these tags. */
    tags: z.array(z.string().min(1).max(100)).max(20).optional(),
    /** The run whose predictions the next fields read (current, not stale, predictions only). */
    runId: id.optional(),
    predictedType: PlayTypeId.optional(),
    /** Only plays of the run's held-out games. */
    heldOut: z.boolean().optional(),
    /** Only plays the run predicted as another type than their label. */
    wrong: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.runId !== undefined || (f.predictedType === undefined && !f.heldOut && !f.wrong), {
    message: 'predicted type, held-out and wrong predictions need the run: give runId',
    path: ['runId'],
  });
export type PlaylistFilter = z.infer<typeof PlaylistFilter>;

const name = z.string().trim().min(1, 'give the playlist a name').max(200);

export const CreatePlaylistRequest = z
  .object({ name, filter: PlaylistFilter.optional(), playIds: z.array(id).max(100_000).optional() })
  .strict()
  .refine((r) => (r.filter === undefined) !== (r.playIds === undefined), { message: 'give either a filter or a list of plays, not both' });
export type CreatePlaylistRequest = z.input<typeof CreatePlaylistRequest>;

export const ListPlaylistsRequest = z.object({}).strict();
export const PlaylistRef = z.object({ name }).strict();
export type PlaylistRef = z.input<typeof PlaylistRef>;
export const ReorderPlaylistRequest = z.object({ name, playIds: z.array(id).max(100_000) }).strict();
export type ReorderPlaylistRequest = z.input<typeof ReorderPlaylistRequest>;

export interface PlaylistSummary {
  id: number;
  name: string;
  kind: 'filter' | 'list';
  filter: PlaylistFilter | null;
  /** Plays it holds now (a filter is evaluated afresh). */
  playCount: number;
  createdAt: string;
}

export interface PlaylistContents extends PlaylistSummary {
  /** In playing order: a list as arranged, a filter in film order (game, then time). */
  plays: Play[];
}

export interface PlaylistsService {
  create(request: CreatePlaylistRequest): Promise<PlaylistSummary>;
  list(request: Record<string, never>): Promise<PlaylistSummary[]>;
  show(request: PlaylistRef): Promise<PlaylistContents>;
  delete(request: PlaylistRef): Promise<void>;
  /** Sets a hand-picked list's order (the same plays, rearranged). */
  reorder(request: ReorderPlaylistRequest): Promise<PlaylistContents>;
}

export const playlistsContract = {
  methods: { create: CreatePlaylistRequest, list: ListPlaylistsRequest, show: PlaylistRef, delete: PlaylistRef, reorder: ReorderPlaylistRequest },
  events: [],
} as const;
