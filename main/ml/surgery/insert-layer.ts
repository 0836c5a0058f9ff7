/**
 * Inserting a conv between two layers of a backbone without changing what it computes: a k×k conv
 * from C channels to C whose kernel is the identity at its centre tap and whose bias is zero
 * passes its input through, and the ReLU after it changes nothing because every VGG16 layer's
 * output (a ReLU's, or a max-pool of one) is already ≥ 0. Training then moves it away from the
 * identity, as much as the data asks.
 */
import { VGG16_LAYERS } from '../vgg16/architecture.js';
import { convsOf, insertAfter, insertedLayerName, variantLayers, type NetLayer } from '../vgg16/variants.js';
import type { ConvWeights, WeightSet } from '../weights/weight-set.js';

/** A k×k conv from `channels` to `channels` that copies its input: kernel[c, c] = 1 at the centre tap. */
export function identityConvWeights(channels: number, kernel: number): ConvWeights {
  if (!Number.isInteger(kernel) || kernel < 1 || kernel % 2 === 0) throw new RangeError(`an identity conv needs an odd kernel side, got ${String(kernel)}`);
  const values = new Float32Array(kernel * kernel * channels * channels);
  const centre = (kernel - 1) / 2;
  const tap = (centre * kernel + centre) * channels * channels;
  for (let c = 0; c < channels; c++) values[tap + c * channels + c] = 1;
  return { kernel: values, kernelShape: [kernel, kernel, channels, channels], bias: new Float32Array(channels) };
}

export interface InsertedNetwork {
  /** The whole network with the new layer. */
  readonly layers: NetLayer[];
  /** The new layer's name, `<after>_insert<k>x<k>`. */
  readonly name: string;
  /** The given weights plus the new layer's identity weights. */
  readonly weights: WeightSet;
}

/**
 * `weights`' network (VGG16, or a variant its names describe) with a k×k identity conv inserted
 * right after layer `after`. Throws a RangeError for a layer the network does not have.
 */
export function insertIdentityLayer(weights: WeightSet, after: string, kernel: number): InsertedNetwork {
  const base = weights.size > 0 ? variantLayers(weights.keys()) : [...VGG16_LAYERS];
  const layers = insertAfter(base, after, kernel);
  const name = insertedLayerName(after, kernel);
  const conv = convsOf(layers).find((l) => l.name === name)!;
  const out = new Map(weights);
  out.set(name, identityConvWeights(conv.inChannels, kernel));
  return { layers, name, weights: out };
}
