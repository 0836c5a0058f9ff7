import type { Migration } from './types.js';

/** Per-library settings (clip length T, frame size S), so every clip of a library is comparable. */
export const librarySettings: Migration = {
  version: 2,
  name: 'library settings',
  up: `
    CREATE TABLE settings (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO settings (key, value) VALUES ('clip_frames', '40'), ('frame_size', '224');
  `,
};
