/**
 * Reads VGG16 conv weights from a TensorFlow.js layers model (`model.json` + binary shards).
 * Each manifest group's shards hold its weights' bytes end to end, in manifest order; a weight
 * may span shards. Names `block1_conv1/kernel` and prefixed ones (`vgg16/block1_conv1/kernel`,
 * `…/kernel:0`) are accepted. float32 is read as is; 'uint8'/'uint16' affine and 'float16'
 * quantized weights are dequantized as TF.js does. Other weights in the file are skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { VGG16_CONV_LAYERS } from '../vgg16/architecture.js';
import { FULL_CUT, checkShapes, convLayersUpTo, missingLayersError, type ReadWeightsOptions } from './conv-layers.js';
import { float16ToFloat32, uint16View } from './float16.js';
import { WeightsError, type ConvWeights, type WeightSet } from './weight-set.js';

interface ManifestEntry {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: string;
  readonly quantization?: { readonly dtype: string; readonly scale?: number; readonly min?: number };
}

interface Located {
  readonly entry: ManifestEntry;
  readonly group: number;
  readonly offset: number;
  readonly byteLength: number;
}

const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };
const CONV_NAMES = new Set(VGG16_CONV_LAYERS.map((l) => l.name));

/**
 * The conv layers up to `options.upTo` (default all 13) from `modelJsonPath` (a model.json, or
 * the folder holding one). Rejects with a WeightsError naming the file, or the shard and layer.
 */
export async function readTfjsModel(modelJsonPath: string, options: ReadWeightsOptions = {}): Promise<WeightSet> {
  let file = path.resolve(modelJsonPath);
  if ((await fs.promises.stat(file).catch(() => undefined))?.isDirectory()) file = path.join(file, 'model.json');
  const layers = convLayersUpTo(options.upTo ?? FULL_CUT);
  const groups = parseManifest(file, await fs.promises.readFile(file, 'utf8').catch(() => {
    throw new WeightsError(`${file}: file not found`);
  }));
  const found = locateWeights(file, groups);
  const complete = new Set([...CONV_NAMES].filter((n) => found.has(`${n}/kernel`) && found.has(`${n}/bias`)));
  const missing = layers.filter((l) => !complete.has(l.name));
  if (missing.length > 0) throw missingLayersError(missing, complete).prefixed(file);
  for (const layer of layers) {
    try {
      checkShapes(layer, found.get(`${layer.name}/kernel`)!.entry.shape, found.get(`${layer.name}/bias`)!.entry.shape);
    } catch (error) {
      throw new WeightsError(`${file}: ${(error as Error).message}`);
    }
  }
  const needed = new Set(layers.flatMap((l) => [found.get(`${l.name}/kernel`)!.group, found.get(`${l.name}/bias`)!.group]));
  const data = new Map<number, Buffer>();
  for (const g of needed) data.set(g, await readGroup(file, groups[g]!, g));
  const weights = new Map<string, ConvWeights>();
  for (const layer of layers) {
    const kernel = found.get(`${layer.name}/kernel`)!;
    const bias = found.get(`${layer.name}/bias`)!;
    const [kh, kw, inChannels, filters] = kernel.entry.shape as [number, number, number, number];
    weights.set(layer.name, {
      kernel: decode(file, kernel, data.get(kernel.group)!),
      kernelShape: [kh, kw, inChannels, filters],
      bias: decode(file, bias, data.get(bias.group)!),
    });
  }
  return weights;
}

interface Group {
  readonly paths: string[];
  readonly weights: ManifestEntry[];
}

function parseManifest(file: string, text: string): Group[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WeightsError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const manifest = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (!Array.isArray(manifest)) throw new WeightsError(`${file}: no weightsManifest: not a TensorFlow.js model.json`);
  return manifest.map((group: Partial<Group>, i) => {
    const ok = Array.isArray(group?.paths) && group.paths.every((p) => typeof p === 'string') && Array.isArray(group.weights)
      && group.weights.every((w) => typeof w?.name === 'string' && Array.isArray(w.shape) && w.shape.every((d) => Number.isInteger(d) && d >= 0) && typeof w.dtype === 'string');
    if (!ok) throw new WeightsError(`${file}: weightsManifest group ${i + 1} needs paths (strings) and weights ({name, shape, dtype})`);
    return group as Group;
  });
}

/** `vgg16/block1_conv1/kernel:0` → `block1_conv1/kernel`; undefined for weights that are not VGG16 conv weights. */
export function canonicalWeightName(name: string): string | undefined {
  const parts = name.replace(/:\d+$/, '').split('/');
  const param = parts[parts.length - 1];
  const layer = parts[parts.length - 2];
  if (!layer || !CONV_NAMES.has(layer) || (param !== 'kernel' && param !== 'bias')) return undefined;
  return `${layer}/${param}`;
}

function locateWeights(file: string, groups: readonly Group[]): Map<string, Located> {
  const found = new Map<string, Located>();
  groups.forEach((group, g) => {
    let offset = 0;
    for (const entry of group.weights) {
      const dtype = entry.quantization?.dtype ?? entry.dtype;
      const size = BYTES[dtype];
      if (size === undefined) throw new WeightsError(`${file}: weight ${entry.name} has dtype ${dtype}, which this reader cannot size`);
      const byteLength = entry.shape.reduce((a, b) => a * b, 1) * size;
      const key = canonicalWeightName(entry.name);
      if (key) {
        if (found.has(key)) throw new WeightsError(`${file}: two weights are ${key} (${found.get(key)!.entry.name} and ${entry.name})`);
        found.set(key, { entry, group: g, offset, byteLength });
      }
      offset += byteLength;
    }
  });
  return found;
}

async function readGroup(file: string, group: Group, g: number): Promise<Buffer> {
  const dir = path.dirname(file);
  const shards: Buffer[] = [];
  for (const p of group.paths) {
    const shardPath = path.join(dir, p);
    shards.push(await fs.promises.readFile(shardPath).catch(() => {
      throw new WeightsError(`${shardPath}: weight shard listed in ${file} not found`);
    }));
  }
  const needed = group.weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * BYTES[w.quantization?.dtype ?? w.dtype]!, 0);
  const available = shards.reduce((sum, s) => sum + s.byteLength, 0);
  if (available < needed) throw truncatedShard(file, group, g, shards, needed, available);
  return Buffer.concat(shards);
}

/** Names the short shard (the first shorter than the largest, else the last) and the weight it cuts off. */
function truncatedShard(file: string, group: Group, g: number, shards: readonly Buffer[], needed: number, available: number): WeightsError {
  const largest = Math.max(...shards.map((s) => s.byteLength));
  let short = shards.findIndex((s, i) => i < shards.length - 1 && s.byteLength < largest);
  if (short < 0) short = shards.length - 1;
  const cutAt = shards.slice(0, short + 1).reduce((sum, s) => sum + s.byteLength, 0);
  let offset = 0;
  let victim = group.weights[group.weights.length - 1]!;
  for (const w of group.weights) {
    const size = w.shape.reduce((a, b) => a * b, 1) * BYTES[w.quantization?.dtype ?? w.dtype]!;
    if (cutAt < offset + size) {
      victim = w;
      break;
    }
    offset += size;
  }
  const layer = canonicalWeightName(victim.name)?.split('/')[0] ?? victim.name;
  const shardPath = path.join(path.dirname(file), group.paths[short]!);
  return new WeightsError(
    `${shardPath}: weight shard is truncated (${shards[short]!.byteLength} bytes): group ${g + 1} of ${file} needs ${needed} bytes in its shards and they hold ${available}; layer ${layer} (${victim.name}) is cut off`,
  );
}

function decode(file: string, at: Located, data: Buffer): Float32Array {
  const bytes = data.subarray(at.offset, at.offset + at.byteLength);
  const q = at.entry.quantization;
  if (!q && at.entry.dtype === 'float32') return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (q?.dtype === 'float16') return float16ToFloat32(uint16View(bytes));
  if ((q?.dtype === 'uint8' || q?.dtype === 'uint16') && typeof q.scale === 'number' && typeof q.min === 'number') {
    const ints = q.dtype === 'uint8' ? bytes : uint16View(bytes);
    return Float32Array.from(ints, (v) => v * q.scale! + q.min!);
  }
  throw new WeightsError(`${file}: weight ${at.entry.name} is ${q ? `quantized as ${q.dtype}` : at.entry.dtype}; expected float32 (or uint8/uint16/float16 quantization)`);
}
