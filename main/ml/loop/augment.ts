/**
 * Batch transforms the training loop applies to each training batch (never to validation, held-out
 * or predicted clips): augmentation that works on whatever the batch's source is, since it only
 * sees the batch's input tensor.
 *
 * Grid flips: a frame's grid-pooled features are laid out (gy, gx, c) (ml/tfjs/pooling.ts), so
 * mirroring the court left-right maps cell (gy, gx) to (gy, g−1−gx) and top-bottom maps it to
 * (g−1−gy, gx), channel by channel. Plays attack either basket and run on either side of the floor,
 * so a mirrored play is the same play type. The flip acts on the features, not on the pixels: a
 * VGG16 filter and its mirror image are different channels, so this teaches the head that motion
 * in one cell means what motion in the mirrored cell means, which is the part of the flip the head
 * needs. Every feature block of a step (stills, deltas, motion energy) is a grid of its own and is
 * flipped the same way.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../system/prng.js';

/** Returns the batch to train on (a new tensor; the loop disposes both). */
export type BatchTransform = (x: tf.Tensor, epoch: number, batch: number) => tf.Tensor;

export interface GridFlipOptions {
  /** Cells per side of the grid. */
  grid: number;
  /** Channels per cell. */
  channels: number;
  /** Mirror left-right with probability ½ per clip. */
  horizontal: boolean;
  /** Mirror top-bottom with probability ½ per clip. */
  vertical: boolean;
  /** Seeds which clips are flipped: epoch e, batch b draw from createRng(seed).fork('flip').fork(e).fork(b). */
  seed: number;
}

/** The feature index each output feature reads, for one grid block of g·g·C features. */
export function gridFlipPermutation(grid: number, channels: number, horizontal: boolean, vertical: boolean): Int32Array {
  const out = new Int32Array(grid * grid * channels);
  for (let gy = 0; gy < grid; gy++) {
    for (let gx = 0; gx < grid; gx++) {
      const sy = vertical ? grid - 1 - gy : gy;
      const sx = horizontal ? grid - 1 - gx : gx;
      for (let c = 0; c < channels; c++) out[(gy * grid + gx) * channels + c] = (sy * grid + sx) * channels + c;
    }
  }
  return out;
}

/**
 * Flips each clip of a batch [n, steps, features] left-right and/or top-bottom at random; `features`
 * must be a whole number of g·g·C grid blocks.
 */
export function gridFlips(options: GridFlipOptions): BatchTransform {
  const { grid, channels, horizontal, vertical } = options;
  const block = grid * grid * channels;
  if (!Number.isInteger(grid) || grid < 1) throw new RangeError(`grid must be a positive integer, got ${grid}`);
  if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`channels must be a positive integer, got ${channels}`);
  const seeds = createRng(options.seed).fork('flip');
  const perms = [[false, false], [true, false], [false, true], [true, true]].map(([h, v]) => gridFlipPermutation(grid, channels, h!, v!));
  return (x, epoch, batch) => {
    const [n, steps, features] = x.shape as [number, number, number];
    if (x.rank !== 3 || features % block !== 0) throw new RangeError(`grid flips need [n, steps, k·${block}] batches, got [${x.shape.join(', ')}]`);
    const rng = seeds.fork(epoch).fork(batch);
    // Way 0: as it is; 1: left-right; 2: top-bottom; 3: both.
    const way = Array.from({ length: n }, () => (horizontal && rng.chance(0.5) ? 1 : 0) + (vertical && rng.chance(0.5) ? 2 : 0));
    // In plain JavaScript: a copy through a permutation is a few milliseconds for a batch of the
    // demo's clips, where gathers and reverses of the tensor cost ten times that on the wasm backend.
    const data = x.dataSync() as Float32Array;
    const out = new Float32Array(data.length);
    const clip = steps * features;
    for (let i = 0; i < n; i++) {
      const perm = perms[way[i]!]!;
      for (let at = i * clip; at < (i + 1) * clip; at += block) for (let f = 0; f < block; f++) out[at + f] = data[at + perm[f]!]!;
    }
    return tf.tensor3d(out, [n, steps, features]);
  };
}
