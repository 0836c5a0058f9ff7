/**
 * Frames for training, read from the clip cache: T' of each clip's T frames, at S×S, as uint8 RGB,
 * kept in memory up to a budget (least recently used clips are dropped and read again when
 * needed). Sample sets turn them into the model's input: 'caffe'-preprocessed float32, as the
 * VGG16 backbone expects (preprocessCaffe).
 */
import * as tf from '@tensorflow/tfjs';
import type { ClipCache } from '../../media/clip-cache.js';
import { preprocessCaffe } from '../tfjs/vgg16.js';
import type { SampleSet } from '../loop/samples.js';

/** A play's clip in the clip cache, and its class (what a sample of it is labelled). */
export interface LibraryClip {
  playId: number;
  gameId: number;
  /** Class index in taxonomy order (-1: unlabelled, predicted only). */
  label: number;
  /** The clip file, relative to the clip cache. */
  path: string;
  /** Its frames' side in pixels (T frames of size × size). */
  size: number;
}

/** Which of T stored frames to use for T' (≤ T): evenly spaced, the first and the last included (the middle one for T' = 1). */
export function frameIndices(stored: number, wanted: number): number[] {
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > stored) throw new RangeError(`frames per clip must be 1–${stored} (the library's clips hold ${stored}), got ${wanted}`);
  if (wanted === 1) return [Math.floor((stored - 1) / 2)];
  return Array.from({ length: wanted }, (_, i) => Math.round((i * (stored - 1)) / (wanted - 1)));
}

export interface ClipFramesOptions {
  /** T: frames in each stored clip. */
  readonly storedFrames: number;
  /** T': frames used per clip. */
  readonly frames: number;
  /** S: the side the model takes. */
  readonly size: number;
  /** Bytes of frames kept in memory (default 512 MiB). */
  readonly budgetBytes?: number;
}

export class ClipFrames {
  private readonly indices: number[];
  private readonly cached = new Map<number, Uint8Array>();
  private cachedBytes = 0;
  private readonly budget: number;

  constructor(
    private readonly cache: ClipCache,
    readonly clips: readonly LibraryClip[],
    readonly options: ClipFramesOptions,
  ) {
    this.indices = frameIndices(options.storedFrames, options.frames);
    this.budget = options.budgetBytes ?? 512 * 1024 * 1024;
  }

  get frameBytes(): number {
    return this.options.size * this.options.size * 3;
  }

  /** Clip `i`'s T' frames at S×S, [T', S, S, 3] uint8 RGB. */
  async frames(i: number): Promise<Uint8Array> {
    const hit = this.cached.get(i);
    if (hit) {
      // Map order is the recency order: move it to the end.
      this.cached.delete(i);
      this.cached.set(i, hit);
      return hit;
    }
    const clip = this.clips[i];
    if (!clip) throw new RangeError(`no clip ${i} (there are ${this.clips.length})`);
    const stored = await this.cache.readAsync(clip.path);
    const storedFrameBytes = clip.size * clip.size * 3;
    if (stored.length !== this.options.storedFrames * storedFrameBytes) {
      throw new Error(`clip ${this.cache.absolutePath(clip.path)} holds ${stored.length} bytes, expected ${this.options.storedFrames} × ${clip.size}×${clip.size}×3: re-import its game to rebuild it`);
    }
    const picked = new Uint8Array(this.indices.length * storedFrameBytes);
    this.indices.forEach((f, k) => picked.set(stored.subarray(f * storedFrameBytes, (f + 1) * storedFrameBytes), k * storedFrameBytes));
    const frames = clip.size === this.options.size ? picked : resizeFrames(picked, this.indices.length, clip.size, this.options.size);
    this.remember(i, frames);
    return frames;
  }

  private remember(i: number, frames: Uint8Array): void {
    if (frames.length > this.budget) return;
    while (this.cachedBytes + frames.length > this.budget) {
      const [oldest, bytes] = this.cached.entries().next().value as [number, Uint8Array];
      this.cached.delete(oldest);
      this.cachedBytes -= bytes.length;
    }
    this.cached.set(i, frames);
    this.cachedBytes += frames.length;
  }
}

/** Bilinear resize of `count` RGB frames from `from`×`from` to `to`×`to`, rounded back to bytes. */
export function resizeFrames(rgb: Uint8Array, count: number, from: number, to: number): Uint8Array {
  const values = tf.tidy(() => {
    const frames = tf.tensor4d(rgb, [count, from, from, 3], 'int32').toFloat();
    return tf.clipByValue(tf.round(tf.image.resizeBilinear(frames, [to, to])), 0, 255).dataSync();
  });
  return Uint8Array.from(values);
}

/** Whole clips [n, T', S, S, 3]: the samples of a clip model. */
export function clipSamples(store: ClipFrames, clipIndices: readonly number[]): SampleSet {
  const { frames, size } = store.options;
  return {
    count: clipIndices.length,
    labels: Int32Array.from(clipIndices, (i) => store.clips[i]!.label),
    async input(indices) {
      const bytes = new Uint8Array(indices.length * frames * store.frameBytes);
      for (const [k, i] of indices.entries()) bytes.set(await store.frames(clipIndices[i]!), k * frames * store.frameBytes);
      return tf.tidy(() => tf.reshape(preprocessCaffe(bytes, indices.length * frames, size), [indices.length, frames, size, size, 3]));
    },
  };
}

/** Single frames [n, S, S, 3], each labelled with its play's type: the samples of a frame model. */
export function frameSamples(store: ClipFrames, clipIndices: readonly number[]): SampleSet & { clipOf: Int32Array } {
  const { frames, size } = store.options;
  const clipOf = Int32Array.from({ length: clipIndices.length * frames }, (_, s) => clipIndices[Math.floor(s / frames)]!);
  return {
    count: clipOf.length,
    labels: Int32Array.from(clipOf, (i) => store.clips[i]!.label),
    clipOf,
    async input(indices) {
      const bytes = new Uint8Array(indices.length * store.frameBytes);
      for (const [k, s] of indices.entries()) {
        const clip = await store.frames(clipOf[s]!);
        const f = s % frames;
        bytes.set(clip.subarray(f * store.frameBytes, (f + 1) * store.frameBytes), k * store.frameBytes);
      }
      return preprocessCaffe(bytes, indices.length, size);
    },
  };
}
