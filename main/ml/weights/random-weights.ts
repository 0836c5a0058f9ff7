/**
 * Random initial weights as Keras initialises Conv2D: Glorot-uniform kernels, uniform on
 * [−limit, limit] with limit = sqrt(6 / (fan_in + fan_out)), fan_in = kh·kw·in,
 * fan_out = kh·kw·out; zero biases. Drawn from the project's seeded PRNG (system/prng.ts), so a
 * seed gives the same weights on every machine. One stream runs through the layers in order, so the layers of a
 * shorter cut equal the first layers of a longer one.
 */
import { createRng } from '../../system/prng.js';
import { FULL_CUT, convLayersUpTo } from './conv-layers.js';
import type { ConvWeights, WeightSet } from './weight-set.js';

export function randomWeights(seed: number, upTo: string = FULL_CUT): WeightSet {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be a whole number from 0 to 4294967295, got ${String(seed)}`);
  const rng = createRng(seed);
  const next = () => rng.next();
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
