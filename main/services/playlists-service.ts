import type { Database } from 'better-sqlite3';
import type { CreatePlaylistRequest, PlaylistRef, PlaylistsService, ReorderPlaylistRequest } from '../../shared/api/playlists.js';
import { createPlaylist, deletePlaylist, listPlaylists, reorderPlaylist, showPlaylist } from '../coding/playlists.js';

/** Playlists for the front doors (requests already validated by the dispatcher). */
export class PlaylistsServiceImpl implements PlaylistsService {
  constructor(private readonly db: Database) {}

  async create(request: CreatePlaylistRequest) {
    return createPlaylist(this.db, request);
  }
  async list() {
    return listPlaylists(this.db);
  }
  async show(request: PlaylistRef) {
    return showPlaylist(this.db, request);
  }
  async delete(request: PlaylistRef) {
    deletePlaylist(this.db, request);
  }
  async reorder(request: ReorderPlaylistRequest) {
    return reorderPlaylist(this.db, request);
  }
}
