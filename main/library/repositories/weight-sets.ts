import type { Database } from 'better-sqlite3';

export type WeightSource = 'imagenet' | 'keras-h5' | 'tfjs' | 'trained' | 'random' | 'surgery';

export interface WeightSetRecord {
  id: number;
  name: string;
  source: WeightSource;
  format: 'keras-h5' | 'tfjs';
  /** The weight file; for random weights, `random:SEED` (they are regenerated, not stored). */
  path: string;
  /** Hash of the weights themselves (layers, shapes, values), whatever file holds them. */
  sha256: string;
  /** The deepest VGG16 layer the set reaches (e.g. block5_pool, or block3_pool for a partial set). */
  upTo: string;
  createdAt: string;
}

interface Row {
  id: number;
  name: string;
  source: WeightSource;
  format: 'keras-h5' | 'tfjs';
  path: string;
  sha256: string;
  metadata_json: string;
  created_at: string;
}

function rowToRecord(row: Row): WeightSetRecord {
  const metadata = JSON.parse(row.metadata_json) as { upTo?: string };
  return { id: row.id, name: row.name, source: row.source, format: row.format, path: row.path, sha256: row.sha256, upTo: metadata.upTo ?? 'block5_pool', createdAt: row.created_at };
}

export function listWeightSets(db: Database): WeightSetRecord[] {
  return (db.prepare('SELECT * FROM weight_sets ORDER BY id').all() as Row[]).map(rowToRecord);
}

/** By name, or by id when the text is a number. */
export function findWeightSet(db: Database, nameOrId: string): WeightSetRecord | undefined {
  const row = /^\d+$/.test(nameOrId)
    ? (db.prepare('SELECT * FROM weight_sets WHERE id = ?').get(Number(nameOrId)) as Row | undefined)
    : (db.prepare('SELECT * FROM weight_sets WHERE name = ?').get(nameOrId) as Row | undefined);
  return row && rowToRecord(row);
}

export function findWeightSetBySha(db: Database, sha256: string): WeightSetRecord | undefined {
  const row = db.prepare('SELECT * FROM weight_sets WHERE sha256 = ? ORDER BY id LIMIT 1').get(sha256) as Row | undefined;
  return row && rowToRecord(row);
}

export function insertWeightSet(db: Database, record: Omit<WeightSetRecord, 'id' | 'createdAt'>): WeightSetRecord {
  const result = db
    .prepare('INSERT INTO weight_sets (name, source, format, path, sha256, metadata_json) VALUES (?, ?, ?, ?, ?, ?)')
    .run(record.name, record.source, record.format, record.path, record.sha256, JSON.stringify({ upTo: record.upTo }));
  return findWeightSet(db, String(result.lastInsertRowid))!;
}
