import type { Database } from 'better-sqlite3';
import type { FrameActivations } from '../../shared/api/features.js';
import { clipActivations, frameActivations } from '../features/activations.js';
import { ClipCache } from '../media/clip-cache.js';
import type { JobContext } from './job-context.js';

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

/**
 * Several frames of one play in one job (the Features view's prefetch): each frame goes to
 * `context.onPartial` as soon as it is computed; a cancel stops after the current frame. Returns how
 * many frames were computed.
 */
export async function runActivationFrames(db: Database, input: Omit<ActivationsInput, 'frame'> & { frames: readonly number[] }, context: JobContext = {}): Promise<number> {
  const frames = await clipActivations(db, ClipCache.besideLibrary(db.name), {
    playId: input.playId,
    frames: input.frames,
    weights: input.weights,
    topK: input.topK,
    signal: context.signal,
    onFrame: (frame) => context.onPartial?.(frame),
    ...(input.layers ? { layers: input.layers } : {}),
  });
  return frames.length;
}
