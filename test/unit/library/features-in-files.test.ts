import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import defaultTaxonomy from '../../../resources/taxonomy.json' with { type: 'json' };
import { openFeatureSet } from '../../../main/features/feature-set-reader.js';
import { FILMROOM_APPLICATION_ID, openLibrary } from '../../../main/library/database.js';
import { featureSetFolder, featuresFolderOf, nextAddress, rowsPerShardOf, SHARD_HEADER_BYTES, shardFile } from '../../../main/library/feature-files.js';
import { migrate } from '../../../main/library/migrate.js';
import { migrations } from '../../../main/library/migrations/index.js';
import { deleteFeatureSet, ensureFeatureSet, insertFeatures, readFeatures } from '../../../main/library/repositories/features.js';
import { insertClip } from '../../../main/library/repositories/clips.js';
import { insertTaxonomy } from '../../../main/library/repositories/taxonomy.js';
import { TaxonomySchema } from '../../../shared/taxonomy.js';
import { createRng } from '../../../main/system/prng.js';
import { seedGame, seedPlay } from '../../helpers/seed.js';
import { tempDir } from '../../helpers/temp.js';

/** A half keeps 11 significant bits: the stored value is within half an ulp of the original. */
function expectHalfOf(stored: Float32Array, original: Float32Array): void {
  expect(stored.length).toBe(original.length);
  const wrong: string[] = [];
  for (let i = 0; i < original.length; i++) {
    const x = original[i]!;
    const bound = Math.abs(x) < 2 ** -14 ? 2 ** -25 : Math.abs(x) * 2 ** -11;
    if (!(Math.abs(stored[i]! - x) <= bound)) wrong.push(`value ${i}: ${x} stored as ${stored[i]}`);
  }
  expect(wrong).toEqual([]);
}

const SIG_A = 'a'.repeat(64);
const SIG_B = 'b'.repeat(64);

/**
 * A library as the code before schema 5 wrote it: migrations 1–3 only, features as float32
 * little-endian blobs in the `features` table (the old insertFeatures' SQL, verbatim).
 */
function writeOldLibrary(file: string, rng: ReturnType<typeof createRng>): Map<string, Float32Array> {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${FILMROOM_APPLICATION_ID}`);
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.slice(0, 3));
  insertTaxonomy(db, TaxonomySchema.parse(defaultTaxonomy).playTypes);
  const sets = [
    { signature: SIG_A, frames: 40, dim: 512 },
    { signature: SIG_B, frames: 4, dim: 7 },
  ].map((s) => {
    db.prepare(`INSERT INTO feature_sets (signature, weights_sha256, cut_layer, pooling, size, frames, dim) VALUES (?, 'w', 'block5_pool', 'avg', 224, ?, ?)`).run(s.signature, s.frames, s.dim);
    return { ...s, id: (db.prepare('SELECT id FROM feature_sets WHERE signature = ?').get(s.signature) as { id: number }).id };
  });
  const written = new Map<string, Float32Array>();
  const gameId = seedGame(db);
  for (let p = 0; p < 30; p++) {
    const playId = seedPlay(db, gameId, 10 * p, 'Cut');
    const clipId = insertClip(db, { play_id: playId, frames: 40, size: 224, path: `x/${p}.rgb`, sha256: 'x' });
    for (const set of sets) {
      const data = Float32Array.from({ length: set.frames * set.dim }, () => (rng.next() < 0.3 ? 0 : rng.normal() * 40));
      db.prepare('INSERT OR REPLACE INTO features (clip_id, feature_set_id, engine, data) VALUES (?, ?, ?, ?)').run(clipId, set.id, 'onnxruntime-cpu', Buffer.from(data.buffer));
      written.set(`${clipId}/${set.id}`, data);
    }
  }
  // A damaged blob (wrong length) was unusable before; it must not stop the migration.
  const damagedPlay = seedPlay(db, gameId, 900, 'Cut');
  const damagedClip = insertClip(db, { play_id: damagedPlay, frames: 40, size: 224, path: 'x/d.rgb', sha256: 'x' });
  db.prepare('INSERT INTO features (clip_id, feature_set_id, engine, data) VALUES (?, ?, ?, ?)').run(damagedClip, sets[1]!.id, 'old', Buffer.alloc(12));
  db.close();
  return written;
}

describe('features in float16 files beside the library', () => {
  it('migration 005 moves an old library’s float32 blobs into shard files and shrinks the SQLite file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.filmroom.db');
    const written = writeOldLibrary(file, createRng(5));
    const before = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

    const db = openLibrary(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      expect(db.prepare('SELECT count(*) AS n FROM features').get()).toEqual({ n: 60 }); // the damaged blob is left out
      expect(db.prepare("SELECT count(*) AS n FROM pragma_table_info('features') WHERE name = 'data'").get()).toEqual({ n: 0 });
      for (const [key, original] of written) {
        const [clipId, setId] = key.split('/').map(Number) as [number, number];
        expectHalfOf(readFeatures(db, clipId, setId)!, original);
      }
      expect(db.prepare("SELECT DISTINCT engine FROM features").all()).toEqual([{ engine: 'onnxruntime-cpu' }]);
      // One shard per set: a header and 30 contiguous rows of frames × dim halves.
      expect(fs.statSync(shardFile(featureSetFolder(file, SIG_A), 0)).size).toBe(SHARD_HEADER_BYTES + 30 * 40 * 512 * 2);
      expect(fs.statSync(shardFile(featureSetFolder(file, SIG_B), 0)).size).toBe(SHARD_HEADER_BYTES + 30 * 4 * 7 * 2);
    } finally {
      db.close();
    }
    const after = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    expect(before).toBeGreaterThan(30 * 40 * 512 * 4); // the old file held every float32 feature…
    expect(after).toBeLessThan(200 * 1024); // …the new one holds only rows and metadata
  });

  it('a file written as float16 reads back through the streaming reader, in any order and in batches', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lib.filmroom.db');
    const db = openLibrary(file);
    try {
      const set = ensureFeatureSet(db, { signature: SIG_B, weightSetId: null, weightsSha256: 'w', cutLayer: 'block1_pool', pooling: 'avg', size: 32, frames: 3, dim: 5 });
      const gameId = seedGame(db);
      const rng = createRng(9);
      const byPlay = new Map<number, Float32Array>();
      for (let p = 0; p < 7; p++) {
        const playId = seedPlay(db, gameId, 10 * p, 'Cut');
        const clipId = insertClip(db, { play_id: playId, frames: 3, size: 32, path: `x/${p}`, sha256: 'x' });
        // Values a half holds exactly (multiples of 1/8 below 256), so reading back must be exact.
        const data = Float32Array.from({ length: 15 }, () => Math.round(rng.normal() * 400) / 8);
        insertFeatures(db, clipId, set.id, 'test', data);
        byPlay.set(playId, data);
      }
      const ids = [...byPlay.keys()].reverse();
      const reader = openFeatureSet(db, set.id);
      try {
        const all = reader.rows(ids);
        ids.forEach((id, i) => expect(Array.from(all.subarray(i * 15, (i + 1) * 15))).toEqual(Array.from(byPlay.get(id)!)));
        const batches = [...reader.batches(ids, 3)];
        expect(batches.map((b) => b.playIds.length)).toEqual([3, 3, 1]);
        expect(Float32Array.from(batches.flatMap((b) => Array.from(b.x)))).toEqual(all);
        expect(() => reader.rows([999_999])).toThrow(/play 999999 has no features/);
      } finally {
        reader.close();
      }
      // Re-extracting a clip takes a new slot; the index points at the new values.
      const firstClip = (db.prepare('SELECT clip_id FROM features ORDER BY clip_id LIMIT 1').get() as { clip_id: number }).clip_id;
      insertFeatures(db, firstClip, set.id, 'again', new Float32Array(15).fill(2.5));
      expect(Array.from(readFeatures(db, firstClip, set.id)!)).toEqual(new Array(15).fill(2.5));

      // Deleting the set is one step: its rows and its folder go.
      expect(fs.existsSync(featureSetFolder(file, SIG_B))).toBe(true);
      expect(deleteFeatureSet(db, set.id)).toBe(true);
      expect(fs.existsSync(featureSetFolder(file, SIG_B))).toBe(false);
      expect(db.prepare('SELECT count(*) AS n FROM features').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    expect(fs.readdirSync(featuresFolderOf(file))).toEqual([]);
  });

  it('a truncated shard is reported with its file, not read as zeros', () => {
    const dir = tempDir();
    const file = path.join(dir, 'lib.filmroom.db');
    const db = openLibrary(file);
    try {
      const set = ensureFeatureSet(db, { signature: SIG_A, weightSetId: null, weightsSha256: 'w', cutLayer: 'block1_pool', pooling: 'avg', size: 32, frames: 2, dim: 2 });
      const playId = seedPlay(db, seedGame(db), 0, 'Cut');
      const clipId = insertClip(db, { play_id: playId, frames: 2, size: 32, path: 'x', sha256: 'x' });
      insertFeatures(db, clipId, set.id, 'test', new Float32Array([1, 2, 3, 4]));
      const shard = shardFile(featureSetFolder(file, SIG_A), 0);
      fs.truncateSync(shard, SHARD_HEADER_BYTES + 4);
      expect(() => readFeatures(db, clipId, set.id)).toThrow(new RegExp(`${shard.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} ends before row 0`));
    } finally {
      db.close();
    }
  });

  it('rows move to the next shard when one is full; shards stay near 256 MiB', () => {
    const big = { frames: 1, dim: 2 ** 26 }; // 128 MiB rows: two per shard
    expect(rowsPerShardOf(big)).toBe(2);
    expect(nextAddress(undefined, big)).toEqual({ shard: 0, row: 0 });
    expect(nextAddress({ shard: 0, row: 0 }, big)).toEqual({ shard: 0, row: 1 });
    expect(nextAddress({ shard: 0, row: 1 }, big)).toEqual({ shard: 1, row: 0 });
    expect(rowsPerShardOf({ frames: 40, dim: 512 })).toBe(6553); // block5 avg: 40 KiB a play
  });

  it('an in-memory library says it cannot keep feature files', () => {
    expect(() => featuresFolderOf(':memory:')).toThrow(/in-memory library/);
  });
});
