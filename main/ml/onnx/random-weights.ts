/**
 * Seeded random VGG16 weights for an engine used without a weight file, and for the bench:
 * Keras's default initialisation (Glorot-uniform kernels, zero biases), drawn from a small
 * deterministic PRNG so that two runs with one seed build the same model.
 */
import { layersUpTo } from '../vgg16/architecture.js';
import type { ConvWeights, WeightSet } from '../weights/weight-set.js';

/** mulberry32: a 32-bit PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Glorot-uniform kernels (limit √(6 / (fanIn + fanOut))) and zero biases for every conv up to `cut`. */
export function glorotWeights(cut: string, seed = 1): WeightSet {
  const random = mulberry32(seed);
  const weights = new Map<string, ConvWeights>();
  for (const layer of layersUpTo(cut)) {
    if (layer.kind !== 'conv') continue;
    const shape = [3, 3, layer.inChannels, layer.filters] as const;
    const limit = Math.sqrt(6 / (9 * layer.inChannels + 9 * layer.filters));
    const kernel = new Float32Array(9 * layer.inChannels * layer.filters);
    for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * random() - 1) * limit;
    weights.set(layer.name, { kernel, kernelShape: shape, bias: new Float32Array(layer.filters) });
  }
  return weights;
}
