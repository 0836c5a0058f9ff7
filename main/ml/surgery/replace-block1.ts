/**
 * Layer surgery on VGG16's block1: block1_conv1 + block1_conv2 (3×3, 64 filters each, 38,720
 * weights) become one 5×5 conv of 64 filters (4,864 weights), distilled to reproduce block1's
 * output; every later weight is kept bit for bit. Reports what it costs and gains: block1's error
 * before and after distillation, how close the features at the cut stay (mean cosine over held-out
 * frames), and the speed of the original and the edited backbone, measured side by side.
 */
import * as tf from '@tensorflow/tfjs';
import { buildTransferBackbone } from '../transfer/backbone.js';
import { layersUpTo } from '../vgg16/architecture.js';
import { checkWeights } from '../vgg16/backbone-spec.js';
import { convParams, convsOf, layersThrough, type ConvSpec } from '../vgg16/variants.js';
import type { WeightSet } from '../weights/weight-set.js';
import { meanCosine, timeModels } from './compare.js';
import { distillBlock1, type Block1Init, type DistillOptions } from './distill.js';
import { BLOCK1_REPLACED_LAYERS, block1ReplacedSet, buildBlock1Student, buildBlock1Teacher, buildBlock1VariantBackbone } from './variant-backbone.js';

export interface ReplaceBlock1Options extends Omit<DistillOptions, 'teacher'> {
  /** The original weights, up to `cut` at least. */
  readonly weights: WeightSet;
  /** Where the features are compared and the speed measured (default block5_pool). */
  readonly cut?: string;
  /** Held-out frames timed per pass (default 4), and timed passes of each model (default 3). */
  readonly timingFrames?: number;
  readonly timingPasses?: number;
  /**
   * The frame size the speed is measured at (default `size`): the library's own, where the
   * backbone runs in use; per-layer overheads would flatter small frames. Timing needs no real
   * pixels, so frames of another size are drawn at random in the preprocessed range.
   */
  readonly timingSize?: number;
}

export interface ReplaceBlock1Report {
  readonly cut: string;
  readonly size: number;
  /** The frame size the speeds were measured at. */
  readonly timingSize: number;
  readonly init: Block1Init;
  readonly trainFrames: number;
  readonly heldOutFrames: number;
  readonly epochs: number;
  /** Mean distillation loss (MSE against block1_conv2's output) of each epoch. */
  readonly distillLoss: number[];
  /** Held-out MSE of block1's output, with the starting 5×5 kernel and after distillation. */
  readonly block1MseBefore: number;
  readonly block1MseAfter: number;
  /** Mean per-frame cosine of the cut's features, original vs edited, with the starting kernel and after. */
  readonly cosineBefore: number;
  readonly cosine: number;
  readonly msPerFrameOriginal: number;
  readonly msPerFrameVariant: number;
  /** msPerFrameOriginal / msPerFrameVariant, both to the cut. */
  readonly speedUp: number;
  /** The same for block1 alone (input → block1_conv2 vs input → block1_conv5x5). */
  readonly block1SpeedUp: number;
  readonly block1ParamsBefore: number;
  readonly block1ParamsAfter: number;
  /** Backbone parameters to the cut, before and after. */
  readonly paramsBefore: number;
  readonly paramsAfter: number;
}

export interface ReplaceBlock1Result {
  /** The edited set: block1_conv5x5 then the original's other convs, unchanged. */
  readonly weights: WeightSet;
  /** Null when cancelled: nothing is measured then. */
  readonly report: ReplaceBlock1Report | null;
  readonly cancelled: boolean;
}

export async function replaceBlock1WithConv5x5(options: ReplaceBlock1Options): Promise<ReplaceBlock1Result> {
  const { weights, size, frames, heldOut } = options;
  const cut = options.cut ?? 'block5_pool';
  if (!BLOCK1_REPLACED_LAYERS.some((l) => l.name === cut)) throw new RangeError(`cut at block1_pool or later to compare the edited backbone, got "${cut}"`);
  checkWeights(weights, cut);
  const distilled = await distillBlock1({ ...options, teacher: weights });
  const edited = block1ReplacedSet(weights, distilled.conv5x5);
  if (distilled.cancelled) return { weights: edited, report: null, cancelled: true };
  const batchSize = options.batchSize ?? 8;
  const timingSize = options.timingSize ?? size;
  // Cancelling stops here too, between the comparison's passes: nothing is reported or written then.
  const cancelled = () => options.signal?.aborted === true;
  const stopped: ReplaceBlock1Result = { weights: edited, report: null, cancelled: true };

  const models: tf.LayersModel[] = [];
  const keep = (model: tf.LayersModel) => (models.push(model), model);
  let x: tf.Tensor | undefined;
  try {
    const original = keep(buildTransferBackbone({ cut, size, trainable: [], weights }));
    const before = keep(buildBlock1VariantBackbone(weights, distilled.initial, cut, size));
    const after = keep(buildBlock1VariantBackbone(weights, distilled.conv5x5, cut, size));
    if (cancelled()) return stopped;
    const cosineBefore = await meanCosine(original, before, frames, heldOut, batchSize);
    if (cancelled()) return stopped;
    const cosine = await meanCosine(original, after, frames, heldOut, batchSize);
    if (cancelled()) return stopped;
    const timingFrames = Math.min(options.timingFrames ?? 4, heldOut.length);
    const [timedOriginal, timedAfter] =
      timingSize === size ? [original, after] : [keep(buildTransferBackbone({ cut, size: timingSize, trainable: [], weights })), keep(buildBlock1VariantBackbone(weights, distilled.conv5x5, cut, timingSize))];
    const teacher = keep(buildBlock1Teacher(weights, timingSize));
    const student = keep(buildBlock1Student(distilled.conv5x5, timingSize, { frozen: true }));
    x = timingSize === size
      ? await frames.input(heldOut.slice(0, timingFrames))
      : tf.randomUniform([timingFrames, timingSize, timingSize, 3], -124, 152, 'float32', options.seed ?? 1);
    const timing = timeModels(timedOriginal, timedAfter, x, options.timingPasses);
    if (cancelled()) return stopped;
    const block1Timing = timeModels(teacher, student, x, options.timingPasses);
    const originalConvs = convsOf(layersUpTo(cut));
    const editedConvs = convsOf(layersThrough(BLOCK1_REPLACED_LAYERS, cut));
    const paramsOf = (convs: readonly ConvSpec[]) => convs.reduce((sum, l) => sum + convParams(l), 0);
    const report: ReplaceBlock1Report = {
      cut, size, timingSize, init: distilled.init, trainFrames: options.train.length, heldOutFrames: heldOut.length,
      epochs: distilled.lossPerEpoch.length, distillLoss: distilled.lossPerEpoch,
      block1MseBefore: distilled.heldOutMseBefore, block1MseAfter: distilled.heldOutMseAfter,
      cosineBefore, cosine,
      msPerFrameOriginal: timing.msPerFrameOriginal, msPerFrameVariant: timing.msPerFrameEdited, speedUp: timing.speedUp,
      block1SpeedUp: block1Timing.speedUp,
      block1ParamsBefore: paramsOf(originalConvs.filter((l) => l.block === 1)),
      block1ParamsAfter: paramsOf(editedConvs.filter((l) => l.block === 1)),
      paramsBefore: paramsOf(originalConvs), paramsAfter: paramsOf(editedConvs),
    };
    return { weights: edited, report, cancelled: false };
  } finally {
    x?.dispose();
    for (const model of models) model.dispose();
  }
}
