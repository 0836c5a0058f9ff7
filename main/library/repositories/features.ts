import type { Database } from 'better-sqlite3';

export interface FeatureSetRecord {
  id: number;
  signature: string;
  weightSetId: number | null;
  weightsSha256: string;
  cutLayer: string;
  pooling: 'avg' | 'max' | 'grid' | 'none';
  size: number;
  frames: number;
  dim: number;
}

interface Row {
  id: number;
  signature: string;
  weight_set_id: number | null;
  weights_sha256: string;
  cut_layer: string;
  pooling: FeatureSetRecord['pooling'];
  size: number;
  frames: number;
  dim: number;
}

const toRecord = (row: Row): FeatureSetRecord => ({
  id: row.id,
  signature: row.signature,
  weightSetId: row.weight_set_id,
  weightsSha256: row.weights_sha256,
  cutLayer: row.cut_layer,
  pooling: row.pooling,
  size: row.size,
  frames: row.frames,
  dim: row.dim,
});

/** The feature set for a backbone signature, created on first use. */
export function ensureFeatureSet(db: Database, set: Omit<FeatureSetRecord, 'id'>): FeatureSetRecord {
  db.prepare(
    `INSERT INTO feature_sets (signature, weight_set_id, weights_sha256, cut_layer, pooling, size, frames, dim)
     VALUES (@signature, @weightSetId, @weightsSha256, @cutLayer, @pooling, @size, @frames, @dim)
     ON CONFLICT (signature) DO NOTHING`,
  ).run(set);
  return toRecord(db.prepare('SELECT * FROM feature_sets WHERE signature = ?').get(set.signature) as Row);
}

export function findFeatureSet(db: Database, signature: string): FeatureSetRecord | undefined {
  const row = db.prepare('SELECT * FROM feature_sets WHERE signature = ?').get(signature) as Row | undefined;
  return row && toRecord(row);
}

export function listFeatureSets(db: Database): FeatureSetRecord[] {
  return (db.prepare('SELECT * FROM feature_sets ORDER BY id').all() as Row[]).map(toRecord);
}

/** Clips of visible games, of this shape, that have no features in the set yet: what extraction owes. */
export function clipsLackingFeatures(db: Database, featureSetId: number, frames: number, size: number): { id: number; path: string }[] {
  return db
    .prepare(
      `SELECT c.id, c.path FROM clips c
         JOIN plays p ON p.id = c.play_id JOIN games g ON g.id = p.game_id
        WHERE g.status = 'ready' AND c.frames = ? AND c.size = ?
          AND NOT EXISTS (SELECT 1 FROM features f WHERE f.clip_id = c.id AND f.feature_set_id = ?)
        ORDER BY c.id`,
    )
    .all(frames, size, featureSetId) as { id: number; path: string }[];
}

export function countFeatures(db: Database, featureSetId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM features WHERE feature_set_id = ?').get(featureSetId) as { n: number }).n;
}

/** Stores one clip's features: frames × dim float32, little-endian. */
export function insertFeatures(db: Database, clipId: number, featureSetId: number, engine: string, data: Float32Array): void {
  db.prepare('INSERT OR REPLACE INTO features (clip_id, feature_set_id, engine, data) VALUES (?, ?, ?, ?)').run(
    clipId,
    featureSetId,
    engine,
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  );
}

export function readFeatures(db: Database, clipId: number, featureSetId: number): Float32Array | undefined {
  const row = db.prepare('SELECT data FROM features WHERE clip_id = ? AND feature_set_id = ?').get(clipId, featureSetId) as { data: Buffer } | undefined;
  if (!row) return undefined;
  const copy = new Uint8Array(row.data); // aligned copy: a Buffer slice may start at an odd offset
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}
