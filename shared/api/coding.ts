/** Coding film: making, trimming, splitting, merging, editing and deleting plays, with undo and redo. */
import { z } from 'zod';
import { PlayTypeId } from '../taxonomy.js';
import type { Play } from './library.js';

const id = z.number().int('must be a whole number').positive('must be a positive id');
const seconds = z.number().finite('must be a number of seconds').min(0, 'must not be before the start of the video');

/** What a play says besides its span and type; null clears a field, absent leaves it. */
const PlayDetails = {
  team: z.string().trim().min(1).max(200).nullable().optional(),
  period: z.number().int().min(1).max(20).nullable().optional(),
  clock: z.string().trim().min(1).max(20).nullable().optional(),
  player: z.string().trim().min(1).max(200).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
};

export const AddPlayRequest = z.object({ gameId: id, startS: seconds, endS: seconds, playType: PlayTypeId, ...PlayDetails }).strict();
export type AddPlayRequest = z.input<typeof AddPlayRequest>;

export const TrimPlayRequest = z
  .object({ playId: id, startS: seconds.optional(), endS: seconds.optional() })
  .strict()
  .refine((r) => r.startS !== undefined || r.endS !== undefined, { message: 'give a new start, a new end, or both' });
export type TrimPlayRequest = z.input<typeof TrimPlayRequest>;

export const SplitPlayRequest = z.object({ playId: id, atS: seconds }).strict();
export type SplitPlayRequest = z.input<typeof SplitPlayRequest>;

export const DeletePlayRequest = z.object({ playId: id }).strict();
export type DeletePlayRequest = z.input<typeof DeletePlayRequest>;

export const MergePlaysRequest = z.object({ firstPlayId: id, secondPlayId: id }).strict();
export type MergePlaysRequest = z.input<typeof MergePlaysRequest>;

export const EditPlayRequest = z.object({ playId: id, playType: PlayTypeId.optional(), ...PlayDetails }).strict();
export type EditPlayRequest = z.input<typeof EditPlayRequest>;

export const UndoRequest = z.object({}).strict();
export const RedoRequest = z.object({}).strict();
export const CodingHistoryRequest = z.object({}).strict();

export type CodingOperationName = 'add' | 'trim' | 'split' | 'delete' | 'merge' | 'edit';

/** What an operation (or its undo / redo) did: the plays as they are now, and the ids it removed. */
export interface CodingResult {
  journalId: number;
  operation: CodingOperationName;
  /** A sentence for the status line, e.g. "Split play 12 at 61.40 s". */
  summary: string;
  /** 'do' for a new operation; undo and redo say which way they went. */
  direction: 'do' | 'undo' | 'redo';
  plays: Play[];
  removedPlayIds: number[];
}

/** What Ctrl+Z and Ctrl+Shift+Z would do now (null: nothing to undo / redo). */
export interface CodingHistory {
  undo: { operation: CodingOperationName; summary: string } | null;
  redo: { operation: CodingOperationName; summary: string } | null;
  done: number;
  undone: number;
}

export interface CodingService {
  addPlay(request: AddPlayRequest): Promise<CodingResult>;
  trimPlay(request: TrimPlayRequest): Promise<CodingResult>;
  splitPlay(request: SplitPlayRequest): Promise<CodingResult>;
  deletePlay(request: DeletePlayRequest): Promise<CodingResult>;
  mergePlays(request: MergePlaysRequest): Promise<CodingResult>;
  editPlay(request: EditPlayRequest): Promise<CodingResult>;
  undo(request: Record<string, never>): Promise<CodingResult | null>;
  redo(request: Record<string, never>): Promise<CodingResult | null>;
  history(request: Record<string, never>): Promise<CodingHistory>;
}

export const codingContract = {
  methods: {
    addPlay: AddPlayRequest,
    trimPlay: TrimPlayRequest,
    splitPlay: SplitPlayRequest,
    deletePlay: DeletePlayRequest,
    mergePlays: MergePlaysRequest,
    editPlay: EditPlayRequest,
    undo: UndoRequest,
    redo: RedoRequest,
    history: CodingHistoryRequest,
  },
  events: [],
} as const;
