/**
 * Play types as exports write them: by the taxonomy's name ("Post-Up", "Pick & Roll: Ball Handler"),
 * which analysts read and every importer resolves back to the id (shared/taxonomy.ts), never by the
 * internal id ("Postup"). An id the taxonomy no longer has is written as it is.
 */
import type { Database } from 'better-sqlite3';
import { listPlayTypes } from '../library/repositories/taxonomy.js';

export interface PlayTypeNames {
  /** The taxonomy's ids in its order. */
  ids: string[];
  nameOf(id: string): string;
}

export function playTypeNames(db: Database): PlayTypeNames {
  const types = listPlayTypes(db);
  const byId = new Map(types.map((t) => [t.id, t.name]));
  return { ids: types.map((t) => t.id), nameOf: (id) => byId.get(id) ?? id };
}
