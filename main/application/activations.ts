import type { Database } from 'better-sqlite3';
import type { FrameActivations } from '../../shared/api/features.js';
import { frameActivations } from '../features/activations.js';
import { ClipCache } from '../media/clip-cache.js';

export interface ActivationsInput {
  playId: number;
  frame: number;
  weights: string;
  topK: number;
  layers?: readonly string[] | undefined;
  /** Frame size; default the library's. */
  size?: number | undefined;
}

/** Per-block activations of one frame of a play (`filmroom activations`, the Features view). */
export function runActivations(db: Database, input: ActivationsInput): Promise<FrameActivations> {
  return frameActivations(db, ClipCache.besideLibrary(db.name), {
    playId: input.playId,
    frame: input.frame,
    weights: input.weights,
    topK: input.topK,
    ...(input.layers ? { layers: input.layers } : {}),
    ...(input.size ? { size: input.size } : {}),
  });
}
