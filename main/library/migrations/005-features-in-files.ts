import type { Database } from 'better-sqlite3';
import { FeatureSetWriter, featureSetFolder, nextAddress, type RowAddress } from '../feature-files.js';
import type { Migration } from './types.js';

/**
 * Features leave the SQLite file: each feature set's float32 blobs are rewritten as float16 rows in
 * `<library>.features/<signature>/` shards, and the `features` table keeps only where each clip's
 * row is. The library file then holds rows and metadata only (openLibrary vacuums it once after).
 * The files are written and fsynced before the table changes commit: a crash in between leaves
 * unreferenced files that the migration, run again, overwrites in place.
 */
export const featuresInFiles: Migration = {
  version: 5,
  name: 'features as float16 files beside the library',
  up: (db: Database) => {
    db.exec(`
      CREATE TABLE features_v5 (
        clip_id         INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        feature_set_id  INTEGER NOT NULL REFERENCES feature_sets(id) ON DELETE CASCADE,
        engine          TEXT NOT NULL,
        shard           INTEGER NOT NULL CHECK (shard >= 0),
        row             INTEGER NOT NULL CHECK (row >= 0),
        created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (clip_id, feature_set_id)
      ) WITHOUT ROWID;
    `);
    const sets = db.prepare('SELECT id, signature, frames, dim FROM feature_sets ORDER BY id').all() as { id: number; signature: string; frames: number; dim: number }[];
    const page = db.prepare('SELECT clip_id, engine, created_at, data FROM features WHERE feature_set_id = ? AND clip_id > ? ORDER BY clip_id LIMIT 32');
    const insert = db.prepare('INSERT INTO features_v5 (clip_id, feature_set_id, engine, shard, row, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const set of sets) {
      let writer: FeatureSetWriter | undefined;
      let address: RowAddress | undefined;
      let after = -1;
      try {
        for (;;) {
          const rows = page.all(set.id, after) as { clip_id: number; engine: string; created_at: string; data: Buffer }[];
          if (rows.length === 0) break;
          for (const row of rows) {
            after = row.clip_id;
            // A blob of the wrong length was already unusable (training refused it): leaving it out
            // makes the clip one that extraction owes, so the next run computes it afresh.
            if (row.data.byteLength !== set.frames * set.dim * 4) continue;
            writer ??= new FeatureSetWriter(featureSetFolder(db.name, set.signature), set);
            const aligned = new Uint8Array(row.data); // a Buffer may start at an odd offset
            address = nextAddress(address, set);
            writer.write(address, new Float32Array(aligned.buffer, 0, aligned.byteLength / 4));
            insert.run(row.clip_id, set.id, row.engine, address.shard, address.row, row.created_at);
          }
        }
      } finally {
        writer?.close(); // fsyncs every shard before the transaction commits
      }
    }
    db.exec(`
      DROP TABLE features;
      ALTER TABLE features_v5 RENAME TO features;
      CREATE INDEX features_by_set ON features(feature_set_id, shard, row);
    `);
  },
};
