/**
 * The identity of a weight set, whatever file it came from: SHA-256 over the layers in
 * architecture order (VGG16 convs first, then any other layer by name), each as its name, its
 * kernel shape, and its kernel and bias as float32 little-endian bytes. Two files holding the
 * same numbers hash the same; changing one bit of one value changes the hash. The feature cache
 * keys a backbone's features by it.
 */
import { createHash } from 'node:crypto';
import { VGG16_CONV_LAYERS } from '../vgg16/architecture.js';
import type { WeightSet } from './weight-set.js';

const FORMAT = 'filmroom-weights-sha256-v1';

export function weightsSha256(weights: WeightSet): string {
  const order = VGG16_CONV_LAYERS.map((l) => l.name).filter((name) => weights.has(name));
  const known = new Set(order);
  order.push(...[...weights.keys()].filter((name) => !known.has(name)).sort());
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\n`);
  for (const name of order) {
    const w = weights.get(name)!;
    hash.update(`${name}\n${w.kernelShape.join(',')}\n${w.kernel.length},${w.bias.length}\n`);
    hash.update(littleEndianBytes(w.kernel));
    hash.update(littleEndianBytes(w.bias));
  }
  return hash.digest('hex');
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function littleEndianBytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new DataView(new ArrayBuffer(values.byteLength));
  values.forEach((v, i) => out.setFloat32(i * 4, v, true));
  return new Uint8Array(out.buffer);
}
