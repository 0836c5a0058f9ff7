import type { Database, Statement } from 'better-sqlite3';
import { FeatureSetFileReader, FeatureSetWriter, featureSetFolder, lastWrittenAddress, laterAddress, nextAddress, removeFeatureSetFolder, type RowAddress } from '../feature-files.js';

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
export function clipsLackingFeatures(db: Database, featureSetId: number, frames: number, size: number, gameIds?: readonly number[]): { id: number; path: string }[] {
  return db
    .prepare(
      `SELECT c.id, c.path FROM clips c
         JOIN plays p ON p.id = c.play_id JOIN games g ON g.id = p.game_id
        WHERE g.status = 'ready' AND c.frames = ? AND c.size = ?
          AND NOT EXISTS (SELECT 1 FROM features f WHERE f.clip_id = c.id AND f.feature_set_id = ?)
          ${gameIds ? 'AND p.game_id IN (SELECT value FROM json_each(?))' : ''}
        ORDER BY c.id`,
    )
    .all(frames, size, featureSetId, ...(gameIds ? [JSON.stringify(gameIds)] : [])) as { id: number; path: string }[];
}

export function countFeatures(db: Database, featureSetId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM features WHERE feature_set_id = ?').get(featureSetId) as { n: number }).n;
}

/**
 * A feature set's rows as they are stored: values in `<library>.features/<signature>/` (float16),
 * and here only which shard and row hold each clip's. Rows are written in an IMMEDIATE transaction,
 * so writers in several processes never take the same slot, and made durable before the row that
 * points at them commits. Rows are only appended, after the last one the files hold: a slot whose
 * clip was deleted (a play re-spanned while a run trains) is never written again, because a running
 * reader may still have it pinned. A crash leaves at worst an unreferenced slot, likewise kept.
 */
export class FeatureSetRows {
  private readonly writer: FeatureSetWriter;
  private readonly lastSlot: Statement;
  private readonly record: Statement;

  constructor(private readonly db: Database, readonly set: FeatureSetRecord) {
    this.writer = new FeatureSetWriter(featureSetFolder(db.name, set.signature), { frames: set.frames, dim: set.dim });
    this.lastSlot = db.prepare('SELECT shard, row FROM features WHERE feature_set_id = ? ORDER BY shard DESC, row DESC LIMIT 1');
    this.record = db.prepare('INSERT OR REPLACE INTO features (clip_id, feature_set_id, engine, shard, row) VALUES (?, ?, ?, ?, ?)');
  }

  /** Stores clips' features (frames × dim each) in one transaction and one fsync. */
  append(entries: readonly { clipId: number; engine: string; data: Float32Array }[]): void {
    this.db
      .transaction(() => {
        // The files' end as well as the table's last row: after the last row's clip was deleted, the
        // table alone would hand its slot out again, under a reader that still reads it.
        let address = laterAddress(this.lastSlot.get(this.set.id) as RowAddress | undefined, lastWrittenAddress(this.writer.folder, this.set));
        const addresses = entries.map((entry) => {
          address = nextAddress(address, this.set);
          this.writer.write(address, entry.data);
          return address;
        });
        this.writer.flush();
        entries.forEach((entry, i) => this.record.run(entry.clipId, this.set.id, entry.engine, addresses[i]!.shard, addresses[i]!.row));
      })
      .immediate();
  }

  close(): void {
    this.writer.close();
  }
}

export function getFeatureSet(db: Database, featureSetId: number): FeatureSetRecord | undefined {
  const row = db.prepare('SELECT * FROM feature_sets WHERE id = ?').get(featureSetId) as Row | undefined;
  return row && toRecord(row);
}

function requireFeatureSet(db: Database, featureSetId: number): FeatureSetRecord {
  const set = getFeatureSet(db, featureSetId);
  if (!set) throw new RangeError(`No feature set ${featureSetId} in this library.`);
  return set;
}

/** Stores one clip's features: frames × dim values, kept as float16 in the set's files. */
export function insertFeatures(db: Database, clipId: number, featureSetId: number, engine: string, data: Float32Array): void {
  const rows = new FeatureSetRows(db, requireFeatureSet(db, featureSetId));
  try {
    rows.append([{ clipId, engine, data }]);
  } finally {
    rows.close();
  }
}

/** Where a clip's features are, if the set has them. */
export function featureAddressOfClip(db: Database, clipId: number, featureSetId: number): RowAddress | undefined {
  return db.prepare('SELECT shard, row FROM features WHERE clip_id = ? AND feature_set_id = ?').get(clipId, featureSetId) as RowAddress | undefined;
}

/** A play's features: where they are, and the span of the play they were computed for. */
export interface PlayFeatureRow extends RowAddress {
  clipId: number;
  span: PlaySpan;
}

export interface PlaySpan {
  startS: number;
  endS: number;
}

/** Where each play's features are (plays without features are absent from the map). */
export function featureAddressesOfPlays(db: Database, featureSetId: number, playIds: readonly number[]): Map<number, PlayFeatureRow> {
  // Driven from the ids (CROSS JOIN keeps that order): a training batch looks up its few plays
  // through the clips' play index, instead of scanning every row of the set for each batch.
  const rows = db
    .prepare(
      `SELECT c.play_id AS playId, f.clip_id AS clipId, f.shard, f.row, p.start_s AS startS, p.end_s AS endS
         FROM json_each(?) ids CROSS JOIN clips c ON c.play_id = ids.value CROSS JOIN features f ON f.clip_id = c.id AND f.feature_set_id = ?
         JOIN plays p ON p.id = c.play_id
        ORDER BY f.clip_id`,
    )
    .all(JSON.stringify(playIds), featureSetId) as { playId: number; clipId: number; shard: number; row: number; startS: number; endS: number }[];
  const map = new Map<number, PlayFeatureRow>();
  for (const row of rows) if (!map.has(row.playId)) map.set(row.playId, { shard: row.shard, row: row.row, clipId: row.clipId, span: { startS: row.startS, endS: row.endS } });
  return map;
}

/** The clip's features as float32 (exactly the stored float16 values), or undefined. */
export function readFeatures(db: Database, clipId: number, featureSetId: number): Float32Array | undefined {
  const address = featureAddressOfClip(db, clipId, featureSetId);
  if (!address) return undefined;
  const set = requireFeatureSet(db, featureSetId);
  const reader = new FeatureSetFileReader(featureSetFolder(db.name, set.signature), set);
  try {
    return reader.read(address);
  } finally {
    reader.close();
  }
}

/** Deletes a feature set: its rows here, then its folder of files (the one step that frees the space). */
export function deleteFeatureSet(db: Database, featureSetId: number): boolean {
  const set = getFeatureSet(db, featureSetId);
  if (!set) return false;
  db.prepare('DELETE FROM feature_sets WHERE id = ?').run(featureSetId);
  removeFeatureSetFolder(db.name, set.signature);
  return true;
}
