/**
 * The library's frames for distillation: T' evenly spaced frames of every play's clip (labelled or
 * not: distillation needs no labels), read from the clip cache at S×S and caffe-preprocessed, split
 * by clip (a clip's frames are alike) into frames to train on and held-out frames to measure on.
 */
import type { Database } from 'better-sqlite3';
import { listPlayClips } from '../../library/repositories/training-clips.js';
import type { ClipCache } from '../../media/clip-cache.js';
import { createRng } from '../../system/prng.js';
import { ClipFrames, frameSamples, type LibraryClip } from '../transfer/clip-frames.js';
import type { FrameSource } from './distill.js';

export interface LibraryFramesOptions {
  /** T: frames in each stored clip (the library's clip_frames setting). */
  readonly storedFrames: number;
  /** T': frames used per clip. */
  readonly framesPerClip: number;
  readonly size: number;
  /** Share of clips held out (default 0.2; at least one clip each side). */
  readonly heldOutFraction?: number;
  /** Most held-out frames measured on (default 32): the whole backbone runs twice on each. */
  readonly maxHeldOutFrames?: number;
  readonly seed: number;
}

export interface LibraryFrames {
  readonly source: FrameSource;
  readonly train: number[];
  readonly heldOut: number[];
  readonly clips: number;
}

/** Every play's clip of T frames in ready games, one per play (the one at `size` first, else the largest), in film order. */
export function libraryClips(db: Database, options: { frames: number; size: number }): LibraryClip[] {
  // Distillation needs no labels: every play with a clip, labelled or not.
  return listPlayClips(db, { ...options, all: true }).map(({ playId, gameId, path, size }) => ({ playId, gameId, path, size, label: 0 }));
}

/** The frames and their split; throws a RangeError when the library has fewer than 2 clips. */
export function libraryFrames(db: Database, cache: ClipCache, options: LibraryFramesOptions): LibraryFrames {
  const clips = libraryClips(db, { frames: options.storedFrames, size: options.size });
  if (clips.length < 2) throw new RangeError(`the library has ${clips.length === 0 ? 'no clips' : 'only 1 clip'} of ${options.storedFrames} frames; distillation needs at least 2`);
  const store = new ClipFrames(cache, clips, { storedFrames: options.storedFrames, frames: options.framesPerClip, size: options.size });
  const order = createRng(options.seed).fork('split').shuffle(clips.map((_, i) => i));
  const heldOutClips = Math.min(clips.length - 1, Math.max(1, Math.round(clips.length * (options.heldOutFraction ?? 0.2))));
  const held = order.slice(0, heldOutClips).sort((a, b) => a - b);
  const trained = order.slice(heldOutClips).sort((a, b) => a - b);
  // One sample set over all clips, held-out clips first: sample s is frame s % T' of clip s / T'.
  const samples = frameSamples(store, [...held, ...trained]);
  const perClip = options.framesPerClip;
  const heldOut = Array.from({ length: held.length * perClip }, (_, s) => s).slice(0, options.maxHeldOutFrames ?? 32);
  const train = Array.from({ length: trained.length * perClip }, (_, s) => held.length * perClip + s);
  return { source: samples, train, heldOut, clips: clips.length };
}
