import type { Migration } from './types.js';

/**
 * Film coding in the app: a play's player, predictions marked stale when their play's span
 * changes, the journal that makes every coding operation undoable and redoable across restarts,
 * and playlists (a saved filter or a hand-picked, ordered list of plays).
 */
export const codingSchema: Migration = {
  version: 6,
  name: 'coding journal, stale predictions, players, playlists',
  up: `
    ALTER TABLE plays ADD COLUMN player TEXT;

    -- Set when the play's span changed after the prediction: kept for history, never shown as current.
    ALTER TABLE predictions ADD COLUMN stale_at TEXT;

    -- One row per coding operation: the plays it touched as they were (before) and became (after).
    -- Undo writes 'before' back, redo writes 'after'; a new operation drops the undone ones.
    CREATE TABLE coding_journal (
      id           INTEGER PRIMARY KEY,
      operation    TEXT NOT NULL CHECK (operation IN ('add', 'trim', 'split', 'delete', 'merge', 'edit')),
      summary      TEXT NOT NULL,
      source       TEXT NOT NULL DEFAULT 'analyst',
      before_json  TEXT NOT NULL,
      after_json   TEXT NOT NULL,
      state        TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone')),
      created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX coding_journal_by_state ON coding_journal(state, id);

    CREATE TABLE playlists (
      id           INTEGER PRIMARY KEY,
      name         TEXT NOT NULL UNIQUE,
      kind         TEXT NOT NULL CHECK (kind IN ('filter', 'list')),
      filter_json  TEXT,
      created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      CHECK ((kind = 'filter') = (filter_json IS NOT NULL))
    );

    CREATE TABLE playlist_items (
      playlist_id  INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
      play_id      INTEGER NOT NULL REFERENCES plays(id) ON DELETE CASCADE,
      position     INTEGER NOT NULL,
      PRIMARY KEY (playlist_id, play_id)
    ) WITHOUT ROWID;
    CREATE INDEX playlist_items_by_play ON playlist_items(play_id);
  `,
};
