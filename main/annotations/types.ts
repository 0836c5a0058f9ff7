/**
 * What every annotation reader produces and every writer consumes: plays as rows, with where each
 * came from, so that a bad row is reported with its file and line and the rest goes on.
 */

/** A row number (CSV, JSON: 1-based, header is line 1 in CSV) or an instance ID (Sportscode XML). */
export type SourceLine = number | string;

export interface AnnotationRow {
  readonly file: string;
  readonly line: SourceLine;
  /** The game's name as the file gives it (CSV/JSON `game`; for XML, the file's base name). */
  readonly game: string;
  /** The video file, relative to the annotation file's folder; null when the format does not say. */
  readonly video: string | null;
  readonly startS: number;
  readonly endS: number;
  /** The play type id after normalising the spelling (see shared/taxonomy.ts). */
  readonly playType: string;
  readonly id: string | null;
  readonly team: string | null;
  readonly period: number | null;
  readonly clock: string | null;
  readonly player: string | null;
  /** Extra labels (Sportscode `label` elements as "group:text" or "text"). */
  readonly tags: readonly string[];
}

export interface AnnotationError {
  readonly file: string;
  /** Row number or instance ID; null when the whole file is at fault. */
  readonly line: SourceLine | null;
  readonly reason: string;
}

export interface ReadResult {
  readonly rows: AnnotationRow[];
  readonly errors: AnnotationError[];
  /**
   * What was read anyway but deserves a word (a Sportscode file's bare "&", a text encoding
   * guessed from its bytes): one per file and kind, never one per row.
   */
  readonly warnings?: AnnotationError[];
  /** Entries that are not plays (e.g. Sportscode codes "Team", "Shot"), counted by code. */
  readonly skipped: Readonly<Record<string, number>>;
}

/** Maps any accepted spelling of a play type to its id; undefined for unknown names. */
export type PlayTypeResolver = (spelling: string) => string | undefined;

/** A play to write out (synthetic seasons, exports). */
export interface AnnotationRecord {
  game: string;
  video: string;
  startS: number;
  endS: number;
  playType: string;
  id?: string;
  team?: string;
  period?: number;
  clock?: string;
  player?: string;
  tags?: string[];
}
