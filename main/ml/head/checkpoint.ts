/**
 * A head's training checkpoint and its file format.
 *
 * File layout (little-endian):
 *   "FRHEAD01" · u32 header length · header JSON (UTF-8, space-padded to 4 bytes) · float32 payload · u32 CRC-32
 * The header lists every array's name and shape in payload order (weights, optimizer, best weights);
 * the CRC covers everything before it, so a truncated or damaged file is refused, never half-loaded.
 *
 * Writing: `file.tmp` is written and fsynced; the current `file` is hard-linked to `file.prev`
 * (replacing the older one); then `file.tmp` is renamed over `file`. Each step leaves a loadable
 * `file` behind, so a crash at any point leaves the last good checkpoint in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  /** Mean (class-weighted) training loss over the epoch's batches. */
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  /** Macro-F1 on the validation set (classes present in its truth or predictions); absent in older checkpoints. */
  valMacroF1?: number;
  seconds: number;
}

export interface HeadCheckpoint {
  /** The last completed epoch (1-based); a resumed run starts at epoch + 1. */
  epoch: number;
  /** model.getWeights(), in order (names are informative: matching is by position and shape). */
  weights: NamedArray[];
  /** Adam's state, optimizer.getWeights() order: iterations, first moments, second moments. Empty before any step. */
  optimizer: NamedArray[];
  /** 0 when no epoch has completed. */
  bestEpoch: number;
  bestValLoss: number;
  /** The best epoch's weights (kept so that a resumed run can still restore them), or null. */
  bestWeights: NamedArray[] | null;
  history: EpochMetrics[];
  /** Epoch e's order is createRng(shuffleSeed).fork(e).shuffle(...), so resumed shuffles match. */
  shuffleSeed: number;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

const MAGIC = Buffer.from('FRHEAD01', 'latin1');

interface ArrayEntry {
  name: string;
  shape: number[];
}
interface Header extends Omit<HeadCheckpoint, 'weights' | 'optimizer' | 'bestWeights'> {
  format: 1;
  weights: ArrayEntry[];
  optimizer: ArrayEntry[];
  bestWeights: ArrayEntry[] | null;
}

const entries = (arrays: NamedArray[]): ArrayEntry[] => arrays.map(({ name, shape }) => ({ name, shape: [...shape] }));
const elements = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
// JSON has no Infinity or NaN: the best loss before any epoch is Infinity.
const replacer = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? { nonFinite: String(value) } : value);
const reviver = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && 'nonFinite' in value ? Number((value as { nonFinite: string }).nonFinite) : value;

/** The checkpoint as one buffer in the format above. */
export function encodeCheckpoint(checkpoint: HeadCheckpoint): Buffer {
  const arrays = [...checkpoint.weights, ...checkpoint.optimizer, ...(checkpoint.bestWeights ?? [])];
  for (const a of arrays) {
    if (a.data.length !== elements(a.shape)) throw new CheckpointError(`${a.name}: ${a.data.length} values do not fill shape [${a.shape.join(', ')}]`);
  }
  const header: Header = {
    format: 1,
    epoch: checkpoint.epoch,
    bestEpoch: checkpoint.bestEpoch,
    bestValLoss: checkpoint.bestValLoss,
    history: checkpoint.history,
    shuffleSeed: checkpoint.shuffleSeed,
    weights: entries(checkpoint.weights),
    optimizer: entries(checkpoint.optimizer),
    bestWeights: checkpoint.bestWeights ? entries(checkpoint.bestWeights) : null,
  };
  let json = Buffer.from(JSON.stringify(header, replacer), 'utf8');
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const payload = Buffer.concat(arrays.map((a) => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength)));
  const body = Buffer.concat([MAGIC, length, json, payload]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(body));
  return Buffer.concat([body, crc]);
}

/** Parses a buffer written by encodeCheckpoint; throws a CheckpointError saying what is wrong. */
export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): HeadCheckpoint {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < MAGIC.length + 8 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new CheckpointError(`${source} is not a Film Room head checkpoint (${buf.length} bytes, no FRHEAD01 signature)`);
  }
  const body = buf.subarray(0, buf.length - 4);
  if (crc32(body) !== buf.readUInt32LE(buf.length - 4)) {
    throw new CheckpointError(`${source} is truncated or damaged: its CRC-32 does not match (${buf.length} bytes)`);
  }
  const headerLength = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const header = JSON.parse(buf.toString('utf8', start, start + headerLength), reviver) as Header;
  if (header.format !== 1) throw new CheckpointError(`${source} has format ${String(header.format)}, this build reads format 1`);
  let offset = start + headerLength;
  const read = (list: ArrayEntry[]): NamedArray[] =>
    list.map(({ name, shape }) => {
      const bytesNeeded = elements(shape) * 4;
      if (offset + bytesNeeded > body.length) throw new CheckpointError(`${source}: ${name} [${shape.join(', ')}] runs past the end of the payload`);
      // Copy into an aligned buffer of its own.
      const data = new Float32Array(elements(shape));
      new Uint8Array(data.buffer).set(body.subarray(offset, offset + bytesNeeded));
      offset += bytesNeeded;
      return { name, shape, data };
    });
  const weights = read(header.weights);
  const optimizer = read(header.optimizer);
  const bestWeights = header.bestWeights ? read(header.bestWeights) : null;
  if (offset !== body.length) throw new CheckpointError(`${source}: ${body.length - offset} bytes left over after the arrays its header lists`);
  const { epoch, bestEpoch, bestValLoss, history, shuffleSeed } = header;
  return { epoch, weights, optimizer, bestEpoch, bestValLoss, bestWeights, history, shuffleSeed };
}

/** Writes `file` via `file.tmp` and a rename, keeping the previous checkpoint as `file.prev`. */
export async function saveCheckpointFile(file: string, checkpoint: HeadCheckpoint): Promise<void> {
  const bytes = encodeCheckpoint(checkpoint);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  const prev = `${file}.prev`;
  try {
    const handle = await fs.promises.open(temp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (fs.existsSync(file)) {
      await fs.promises.rm(prev, { force: true });
      await fs.promises.link(file, prev);
    }
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

/** Reads a checkpoint file; a missing, truncated or damaged file is a CheckpointError naming it. */
export async function loadCheckpointFile(file: string): Promise<HeadCheckpoint> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (error) {
    throw new CheckpointError(`cannot read checkpoint ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return decodeCheckpoint(bytes, `checkpoint ${file}`);
}
