/** Playlists as the API and the CLI see them: a saved filter evaluated afresh, or an ordered list. */
import type { Database } from 'better-sqlite3';
import type { Play } from '../../shared/api/library.js';
import {
  CreatePlaylistRequest,
  PlaylistFilter,
  PlaylistRef,
  ReorderPlaylistRequest,
  type PlaylistContents,
  type PlaylistSummary,
} from '../../shared/api/playlists.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  deletePlaylist as deletePlaylistRow,
  existingPlayIds,
  findPlaylistByName,
  insertPlaylist,
  listPlaylistRows,
  playlistItemPlays,
  playsMatchingFilter,
  setPlaylistItems,
  type PlaylistRow,
} from '../library/repositories/playlists.js';
import { findRun } from '../library/repositories/training-runs.js';

function playsOf(db: Database, row: PlaylistRow): Play[] {
  if (row.kind === 'list') return playlistItemPlays(db, row.id);
  const filter = PlaylistFilter.parse(JSON.parse(row.filter_json!));
  let heldOut: number[] | null = null;
  if (filter.runId !== undefined) {
    const run = findRun(db, filter.runId);
    if (!run) throw new NotFoundError(`Playlist "${row.name}" reads run ${filter.runId}, which is no longer in this library.`);
    if (filter.heldOut) heldOut = run.split?.heldOutGameIds ?? [];
  }
  return playsMatchingFilter(db, filter, heldOut);
}

function contentsOf(db: Database, row: PlaylistRow): PlaylistContents {
  const plays = playsOf(db, row);
  return { id: row.id, name: row.name, kind: row.kind, filter: row.filter_json ? (JSON.parse(row.filter_json) as PlaylistFilter) : null, playCount: plays.length, createdAt: row.created_at, plays };
}

function rowOf(db: Database, name: string): PlaylistRow {
  const row = findPlaylistByName(db, name.trim());
  if (!row) throw new NotFoundError(`No playlist named "${name}" in this library (\`filmroom playlists list\` shows them).`);
  return row;
}

export function createPlaylist(db: Database, request: CreatePlaylistRequest): PlaylistSummary {
  const r = CreatePlaylistRequest.parse(request);
  if (findPlaylistByName(db, r.name)) throw new ConflictError(`A playlist named "${r.name}" already exists: choose another name or delete it first.`);
  if (r.filter?.runId !== undefined && !findRun(db, r.filter.runId)) throw new NotFoundError(`No run ${r.filter.runId} in this library (\`filmroom runs\` lists them).`);
  if (r.playIds) {
    if (new Set(r.playIds).size !== r.playIds.length) throw new ValidationError('A play appears twice in the list: each play once.');
    const known = existingPlayIds(db, r.playIds);
    const missing = r.playIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw new NotFoundError(`No play ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''} in this library.`);
  }
  insertPlaylist(db, r.name, r.filter ?? null, r.playIds ?? null);
  const { plays: _plays, ...summary } = contentsOf(db, rowOf(db, r.name));
  return summary;
}

export function listPlaylists(db: Database): PlaylistSummary[] {
  return listPlaylistRows(db).map((row) => {
    const { plays: _plays, ...summary } = contentsOf(db, row);
    return summary;
  });
}

export function showPlaylist(db: Database, request: PlaylistRef): PlaylistContents {
  return contentsOf(db, rowOf(db, PlaylistRef.parse(request).name));
}

export function deletePlaylist(db: Database, request: PlaylistRef): void {
  deletePlaylistRow(db, rowOf(db, PlaylistRef.parse(request).name).id);
}

/** A hand-picked list in a new order: the same plays, each once. */
export function reorderPlaylist(db: Database, request: ReorderPlaylistRequest): PlaylistContents {
  const r = ReorderPlaylistRequest.parse(request);
  const row = rowOf(db, r.name);
  if (row.kind === 'filter') throw new ValidationError(`"${row.name}" is a saved filter and plays in film order; save its plays as a list to arrange them.`);
  const current = playlistItemPlays(db, row.id).map((p) => p.id);
  const same = r.playIds.length === current.length && new Set(r.playIds).size === current.length && r.playIds.every((id) => current.includes(id));
  if (!same) throw new ValidationError(`Reordering "${row.name}" must list its ${current.length} plays, each once: ${current.join(', ')}.`);
  setPlaylistItems(db, row.id, r.playIds);
  return contentsOf(db, row);
}
