/**
 * A head run's mirror images (spec.augment.flips): the grid it mirrors, and the ways a clip can be
 * mirrored (as it is, left-right, and with 'both' top-bottom and both). Training draws one of
 * them per clip and batch (ml/loop/augment.ts); predicting averages the head's probabilities over
 * all of them, so a play and its mirror image get the same answer, which is what the training taught
 * the head to give.
 */
import type { ModelSpec } from '../../../shared/api/model-spec.js';
import { gridFlipPermutation, gridFlips, type BatchTransform } from '../loop/augment.js';
import { outputShape } from '../vgg16/architecture.js';
import { DEFAULT_GRID } from '../vgg16/backbone-spec.js';
import { predictHead } from './model.js';
import type * as tf from '@tensorflow/tfjs';

export interface Mirrors {
  grid: number;
  channels: number;
  horizontal: boolean;
  vertical: boolean;
}

/** The spec's mirrors, or null when it does not flip. */
export function mirrorsOf(spec: ModelSpec): Mirrors | null {
  const { flips } = spec.augment;
  if (flips === 'none') return null;
  const { cut, size, pooling, grid = DEFAULT_GRID } = spec.backbone;
  if (pooling !== 'grid') throw new RangeError(`flips need grid pooling, the spec pools '${pooling}'`);
  return { grid, channels: outputShape(cut, size)[2], horizontal: true, vertical: flips === 'both' };
}

/** The spec's training augmentation as a batch transform (undefined: none). */
export function batchAugmentation(spec: ModelSpec): BatchTransform | undefined {
  const mirrors = mirrorsOf(spec);
  return mirrors ? gridFlips({ ...mirrors, seed: spec.splitSeed }) : undefined;
}

/** `x` ([count × steps × dim], dim whole grid blocks) with every block of every step mirrored by `perm`. */
export function mirrorClips(x: Float32Array, dim: number, perm: Int32Array): Float32Array {
  const block = perm.length;
  if (dim % block !== 0 || x.length % dim !== 0) throw new RangeError(`clips of ${dim} features per step are not whole ${block}-feature grid blocks`);
  const out = new Float32Array(x.length);
  for (let at = 0; at < x.length; at += block) for (let f = 0; f < block; f++) out[at + f] = x[at + perm[f]!]!;
  return out;
}

/**
 * Class probabilities [count × classes], as predictHead gives them, averaged over the clips' mirror
 * images when the run trained on mirrored clips (mirrors null: the head's own prediction).
 */
export function predictMirrored(model: tf.LayersModel, x: Float32Array, count: number, mirrors: Mirrors | null): Float32Array {
  const plain = predictHead(model, x, count);
  if (!mirrors || count === 0) return plain;
  const dim = x.length / count / (model.inputs[0]!.shape[1] as number);
  const ways = [[true, false], ...(mirrors.vertical ? [[false, true], [true, true]] : [])] as const;
  const sum = Float64Array.from(plain);
  for (const [h, v] of ways) {
    const probs = predictHead(model, mirrorClips(x, dim, gridFlipPermutation(mirrors.grid, mirrors.channels, h, v)), count);
    for (let i = 0; i < sum.length; i++) sum[i]! += probs[i]!;
  }
  return Float32Array.from(sum, (s) => s / (ways.length + 1));
}
