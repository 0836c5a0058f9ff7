/**
 * h5wasm, as the weight readers and writers use it. In Node, h5wasm is built with Emscripten's
 * NODERAWFS, so HDF5 opens real paths directly: no copying into a virtual file system.
 *
 * HDF5 reports errors by printing its error stack; while a file is open here we switch h5wasm to
 * its throwing error handler instead, so every failure (a truncated file, a bad signature, a
 * corrupt object header) becomes one WeightsError naming the file, and nothing goes to stderr.
 */
import fs from 'node:fs';
import h5wasm, { type Dataset, type File as H5File, type Group } from 'h5wasm/node';
import { MissingLayersError } from './conv-layers.js';
import { float16ToFloat32, uint16View } from './float16.js';
import { WeightsError } from './weight-set.js';

type H5Module = Awaited<typeof h5wasm.ready>;

let ready: Promise<H5Module> | undefined;
function h5Module(): Promise<H5Module> {
  ready ??= h5wasm.ready;
  return ready;
}

export type { Dataset, Group, H5File };

export function isGroup(entity: unknown): entity is Group {
  return entity instanceof h5wasm.Group;
}

export function isDataset(entity: unknown): entity is Dataset {
  return entity instanceof h5wasm.Dataset;
}

/**
 * Opens `file`, runs `use` (synchronously: h5wasm is synchronous) and closes the file. Reading
 * a missing, truncated or corrupt file, or any error inside `use`, rejects with a WeightsError
 * whose message starts with `label` (default: the file's path).
 */
export async function withH5File<T>(file: string, mode: 'r' | 'w', use: (h5: H5File, module: H5Module) => T, label = file): Promise<T> {
  if (mode === 'r') await checkReadable(file);
  const module = await h5Module();
  module.activate_throwing_error_handler();
  let h5: H5File | undefined;
  try {
    // 'earliest'…'v108' keeps written files readable by every HDF5 ≥ 1.8 (h5py, hence Keras).
    h5 = new h5wasm.File(file, mode, mode === 'w' ? { libver: ['earliest', 'v108'] } : {});
    if (h5.file_id < 0n) throw new WeightsError('HDF5 could not open the file');
    const result = use(h5, module);
    const open = h5;
    h5 = undefined;
    open.close(); // a failed final flush must reach a writer, not be swallowed below
    return result;
  } catch (error) {
    if (error instanceof MissingLayersError) throw error.prefixed(label);
    throw new WeightsError(`${label}: ${describeError(error)}`, { cause: error });
  } finally {
    try {
      if (h5 && h5.file_id >= 0n) h5.close();
    } catch {
      // Already failing: closing is best effort.
    }
    module.deactivate_throwing_error_handler();
  }
}

async function checkReadable(file: string): Promise<void> {
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat) throw new WeightsError(`${file}: file not found`);
  if (!stat.isFile()) throw new WeightsError(`${file}: not a file`);
  const head = Buffer.alloc(4);
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (head.toString('latin1') === 'PK\x03\x04') {
    throw new WeightsError(`${file}: a zip archive (a Keras 3 .keras model?), not HDF5: unzip it and read the model.weights.h5 inside`);
  }
}

/** The useful line of an HDF5 error stack (its deepest entry), in words a user can act on. */
export function describeError(error: unknown): string {
  if (error instanceof WeightsError) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  const entries = [...text.matchAll(/#\d+: .*? in [\w.]+\(\): (.*)$/gm)].map((m) => m[1]!.trim());
  const deepest = entries[entries.length - 1];
  if (!deepest) return text.split('\n')[0] ?? text;
  const truncated = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(deepest);
  if (truncated) {
    return `the file is truncated: it has ${truncated[1]} bytes but its HDF5 header says ${truncated[2]} (an interrupted download or copy?)`;
  }
  if (/file signature not found/.test(deepest)) return 'not an HDF5 file (no HDF5 signature)';
  return `HDF5 could not read it: ${deepest}`;
}

/** An attribute as a list of strings ([] when absent or empty); Keras stores names as byte strings. */
export function stringListAttribute(entity: Group | Dataset, name: string): string[] | undefined {
  if (!(name in entity.attrs)) return undefined;
  const value = entity.get_attribute(name, false);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => String(v));
  return [];
}

/** Keras splits long name lists into `name0`, `name1`, … when one attribute would be too large. */
export function chunkedStringList(group: Group, name: string): string[] | undefined {
  const whole = stringListAttribute(group, name);
  if (whole) return whole;
  const parts: string[] = [];
  for (let i = 0; ; i++) {
    const part = stringListAttribute(group, `${name}${i}`);
    if (!part) return i === 0 ? undefined : parts;
    parts.push(...part);
  }
}

const H5T_FLOAT = 1;
const H5T_INTEGER = 0;

/**
 * A float dataset as float32: float32 as is, float64 rounded to nearest, float16 widened (h5wasm
 * cannot read float16 itself, so its raw bytes are read and decoded here). Anything else throws.
 */
export function readFloat32(dataset: Dataset, module: H5Module): Float32Array {
  const meta = dataset.metadata;
  if (meta.type !== H5T_FLOAT) {
    const kind = meta.type === H5T_INTEGER ? `${meta.signed ? 'int' : 'uint'}${meta.size * 8}` : `HDF5 type class ${meta.type}`;
    throw new WeightsError(`${dataset.path} holds ${kind} values; weights must be floats (float32, or float16/float64, which are converted)`);
  }
  if (meta.size === 4) return dataset.value as Float32Array;
  if (meta.size === 8) return Float32Array.from(dataset.value as Float64Array);
  if (meta.size === 2) return float16ToFloat32(uint16View(readRawBytes(dataset, module, meta.total_size * 2)));
  throw new WeightsError(`${dataset.path} holds ${meta.size * 8}-bit floats; weights must be float16, float32 or float64`);
}

/** The dataset's bytes in its own (little-endian) type, through h5wasm's low-level reader. */
function readRawBytes(dataset: Dataset, module: H5Module, byteLength: number): Uint8Array {
  const pointer = module._malloc(Math.max(byteLength, 1));
  if (pointer === 0) throw new WeightsError(`out of memory reading ${dataset.path}`);
  try {
    module.get_dataset_data(dataset.file_id, dataset.path, null, null, null, BigInt(pointer));
    return module.HEAPU8.slice(pointer, pointer + byteLength);
  } finally {
    module._free(pointer);
  }
}
