import { layersUpTo } from '../../main/ml/vgg16/architecture.js';
import type { ConvWeights, WeightSet } from '../../main/ml/weights/weight-set.js';

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values uniform in [−scale, scale). */
export function uniform(random: () => number, n: number, scale: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (random() * 2 - 1) * scale;
  return out;
}

/**
 * Random weights for every conv up to `cut`, with variance 1/fanIn (activations stay O(1) for
 * O(1) inputs). `inputScale` divides the first layer's kernel, e.g. 128 for caffe-range input.
 */
export function randomWeights(cut: string, seed: number, inputScale = 1): WeightSet {
  const random = seededRandom(seed);
  const weights = new Map<string, ConvWeights>();
  for (const layer of layersUpTo(cut)) {
    if (layer.kind !== 'conv') continue;
    const fanIn = 9 * layer.inChannels;
    const scale = Math.sqrt(3 / fanIn) / (layer.name === 'block1_conv1' ? inputScale : 1);
    weights.set(layer.name, {
      kernel: uniform(random, fanIn * layer.filters, scale),
      kernelShape: [3, 3, layer.inChannels, layer.filters],
      bias: uniform(random, layer.filters, 0.1),
    });
  }
  return weights;
}

/** Weights for every conv up to `cut`, all zero (tests then set the few elements they need). */
export function zeroWeights(cut: string): Map<string, { kernel: Float32Array; kernelShape: [number, number, number, number]; bias: Float32Array }> {
  const weights = new Map<string, { kernel: Float32Array; kernelShape: [number, number, number, number]; bias: Float32Array }>();
  for (const layer of layersUpTo(cut)) {
    if (layer.kind !== 'conv') continue;
    weights.set(layer.name, { kernel: new Float32Array(9 * layer.inChannels * layer.filters), kernelShape: [3, 3, layer.inChannels, layer.filters], bias: new Float32Array(layer.filters) });
  }
  return weights;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(Number(a[i]) - Number(b[i])));
  return max;
}
