/**
 * Random initial weights as Keras initialises Conv2D: Glorot-uniform kernels, uniform on
 * [−limit, limit] with limit = sqrt(6 / (fan_in + fan_out)), fan_in = kh·kw·in,
 * fan_out = kh·kw·out; zero biases. Drawn from a seeded PRNG (sfc32 seeded through splitmix32:
 * all 32-bit integer arithmetic, which JavaScript does exactly), so a seed gives the same
 * weights on every machine. One stream runs through the layers in order, so the layers of a
 * shorter cut equal the first layers of a longer one.
 */
import { FULL_CUT, convLayersUpTo } from './conv-layers.js';
import type { ConvWeights, WeightSet } from './weight-set.js';

export function randomWeights(seed: number, upTo: string = FULL_CUT): WeightSet {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
  const next = sfc32(seed);
  const weights = new Map<string, ConvWeights>();
  for (const layer of convLayersUpTo(upTo)) {
    const receptive = layer.kernel * layer.kernel;
    const limit = glorotLimit(receptive * layer.inChannels, receptive * layer.filters);
    const bound = largestFloat32AtMost(limit);
    const kernel = new Float32Array(receptive * layer.inChannels * layer.filters);
    for (let i = 0; i < kernel.length; i++) {
      const v = Math.fround((2 * next() - 1) * limit);
      kernel[i] = v > bound ? bound : v < -bound ? -bound : v;
    }
    weights.set(layer.name, {
      kernel,
      kernelShape: [layer.kernel, layer.kernel, layer.inChannels, layer.filters],
      bias: new Float32Array(layer.filters),
    });
  }
  return weights;
}

export function glorotLimit(fanIn: number, fanOut: number): number {
  return Math.sqrt(6 / (fanIn + fanOut));
}

/** Rounding to float32 may step just past `limit`; clamp to the float32 at or below it. */
function largestFloat32AtMost(limit: number): number {
  const f = Math.fround(limit);
  if (f <= limit) return f;
  const bits = new Uint32Array(new Float32Array([f]).buffer);
  bits[0]! -= 1;
  return new Float32Array(bits.buffer)[0]!;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A float in [0, 1) per call; both 32-bit halves of the seed count. */
function sfc32(seed: number): () => number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  const mix = splitmix32(low ^ Math.imul(high, 0x9e3779b1));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix() ^ high;
  const step = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) step();
  return () => step() / 2 ** 32;
}
