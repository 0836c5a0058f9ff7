/**
 * A library whose plays already have cached "backbone features", so training runs can be tested in
 * seconds without videos or a network. Play type c (taxonomy order) is carried by feature dimension
 * c mod dim rising over the clip; every value gets N(0, noise) jitter.
 */
import type { Database } from 'better-sqlite3';
import { ModelSpec, type ModelSpecInput } from '../../shared/api/model-spec.js';
import { signatureOf } from '../../main/features/signature.js';
import { loadWeightSet } from '../../main/features/weights-registry.js';
import { insertClip } from '../../main/library/repositories/clips.js';
import { ensureFeatureSet, FeatureSetRows } from '../../main/library/repositories/features.js';
import { writeSetting } from '../../main/library/repositories/settings.js';
import { listPlayTypes } from '../../main/library/repositories/taxonomy.js';
import { createRng } from '../../main/system/prng.js';
import { seedGame, seedPlay } from './seed.js';

export interface FeatureLibraryOptions {
  games: number;
  playsPerGame: number;
  frames?: number;
  dim?: number;
  /** How many of the taxonomy's types the plays use (the first n). */
  types?: number;
  seed?: number;
  noise?: number;
}

export interface FeatureLibrary {
  featureSetId: number;
  /** A spec whose backbone is the seeded feature set's signature. */
  spec: (overrides?: Partial<ModelSpecInput>) => ModelSpec;
  /** Play id → its game id and true type. */
  plays: Map<number, { gameId: number; playType: string }>;
}

const CUT = 'block1_pool';
const SIZE = 32;

export async function seedFeatureLibrary(db: Database, options: FeatureLibraryOptions): Promise<FeatureLibrary> {
  const frames = options.frames ?? 6;
  const dim = options.dim ?? 16;
  const noise = options.noise ?? 0.3;
  const rng = createRng(options.seed ?? 1);
  writeSetting(db, 'clip_frames', frames);
  const { record } = await loadWeightSet(db, 'random:0');
  const signature = signatureOf({ weightsSha256: record.sha256, cut: CUT, pooling: 'avg', size: SIZE, frames });
  const set = ensureFeatureSet(db, { signature, weightSetId: record.id, weightsSha256: record.sha256, cutLayer: CUT, pooling: 'avg', size: SIZE, frames, dim });
  const types = listPlayTypes(db).slice(0, options.types ?? 11).map((t) => t.id);
  const plays = new Map<number, { gameId: number; playType: string }>();
  // The library's own writer, a game's plays per transaction (one fsync a game, not a play).
  const rows = new FeatureSetRows(db, set);
  for (let g = 0; g < options.games; g++) {
    const gameId = seedGame(db);
    const entries: { clipId: number; engine: string; data: Float32Array }[] = [];
    for (let p = 0; p < options.playsPerGame; p++) {
      const c = (g + p) % types.length; // every game holds every type in turn
      const playId = seedPlay(db, gameId, 10 * p, types[c]!);
      const clipId = insertClip(db, { play_id: playId, frames, size: SIZE, path: `fake/${playId}.rgb`, sha256: 'x' });
      const data = new Float32Array(frames * dim);
      for (let t = 0; t < frames; t++) {
        for (let d = 0; d < dim; d++) data[t * dim + d] = noise * rng.normal() + (d === c % dim ? (2 * t) / Math.max(1, frames - 1) : 0);
      }
      entries.push({ clipId, engine: 'test', data });
      plays.set(playId, { gameId, playType: types[c]! });
    }
    rows.append(entries);
  }
  rows.close();
  return {
    featureSetId: set.id,
    plays,
    spec: (overrides = {}) => ModelSpec.parse({ backbone: { weights: 'random:0', cut: CUT, pooling: 'avg', size: SIZE, frames }, epochs: 15, batchSize: 8, ...overrides }),
  };
}
