/**
 * Writes a weight set as a TensorFlow.js layers model: `model.json` (the Keras topology and a
 * `weightsManifest`) plus `group1-shard<i>of<N>.bin`, the weights' float32 little-endian bytes
 * concatenated in manifest order and cut every 4 MiB, as the TF.js converter does (a weight may
 * span two shards). Names are Keras's: `block1_conv1/kernel` ([kh, kw, in, out]), `block1_conv1/bias`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FILMROOM_VERSION } from '../../version.js';
import { replaceAtomically } from '../../system/atomic-file.js';
import { checkWritableSet, cutThrough } from './conv-layers.js';
import { vgg16Topology } from './tfjs-topology.js';
import type { WeightSet } from './weight-set.js';

/** The TF.js converter's default shard size. */
export const TFJS_SHARD_BYTES = 4 * 1024 * 1024;
export const TFJS_MODEL_FILE = 'model.json';
const SHARD_FILE = /^group1-shard\d+of\d+\.bin$/;

export interface TfjsWeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32';
}

/** Writes `dir/model.json` and its shards (each file written to a temp file, then renamed; model.json last). */
export async function writeTfjsModel(weights: WeightSet, dir: string): Promise<void> {
  const convs = checkWritableSet(weights);
  const specs: TfjsWeightSpec[] = [];
  const parts: Uint8Array[] = [];
  for (const layer of convs) {
    const w = weights.get(layer.name)!;
    specs.push({ name: `${layer.name}/kernel`, shape: [...w.kernelShape], dtype: 'float32' });
    specs.push({ name: `${layer.name}/bias`, shape: [w.bias.length], dtype: 'float32' });
    parts.push(bytesOf(w.kernel), bytesOf(w.bias));
  }
  const shards = cutIntoShards(parts, TFJS_SHARD_BYTES);
  const names = shards.map((_, i) => `group1-shard${i + 1}of${shards.length}.bin`);
  const target = path.resolve(dir);
  for (const [i, shard] of shards.entries()) {
    await replaceAtomically(path.join(target, names[i]!), (temp) => fs.promises.writeFile(temp, shard));
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: `Film Room ${FILMROOM_VERSION}`,
    convertedBy: null,
    modelTopology: vgg16Topology(cutThrough(convs[convs.length - 1]!.name)),
    weightsManifest: [{ paths: names, weights: specs }],
  };
  await replaceAtomically(path.join(target, TFJS_MODEL_FILE), (temp) => fs.promises.writeFile(temp, `${JSON.stringify(modelJson, null, 1)}\n`));
  // Shards of an earlier, larger model in the same folder would only mislead: remove them.
  for (const entry of await fs.promises.readdir(target)) {
    if (SHARD_FILE.test(entry) && !names.includes(entry)) await fs.promises.rm(path.join(target, entry), { force: true });
  }
}

function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** The parts' bytes end to end, cut into pieces of `size` bytes (the last one shorter). */
export function cutIntoShards(parts: readonly Uint8Array[], size: number): Uint8Array[] {
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  const shards: Uint8Array[] = [];
  let part = 0;
  let offset = 0;
  for (let start = 0; start < total; start += size) {
    const shard = new Uint8Array(Math.min(size, total - start));
    let filled = 0;
    while (filled < shard.byteLength) {
      const source = parts[part]!;
      const take = Math.min(source.byteLength - offset, shard.byteLength - filled);
      shard.set(source.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (offset === source.byteLength) {
        part++;
        offset = 0;
      }
    }
    shards.push(shard);
  }
  return shards;
}
