import fs from 'node:fs';
import path from 'node:path';
import { decodeHalf, encodeHalf } from '../system/float16.js';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from '../system/private-files.js';

/**
 * Feature sets live in files beside the library, not in it: the SQLite file keeps only which row of
 * which shard holds a clip's features, so it stays small, its backup stays fast, and a feature set
 * is deleted by removing one folder.
 *
 * `<library>.features/<signature>/shard-000000.f16`: a 64-byte header, then rows of frames × dim
 * binary16 values (little-endian), contiguous, row r at byte 64 + r × frames × dim × 2. A shard holds
 * at most `rowsPerShard` rows (about 256 MiB), so no file grows without bound and a shard can be
 * memory-mapped whole (numpy: `np.memmap(file, '<f2', 'r', offset=64).reshape(-1, frames, dim)`).
 */
export const SHARD_HEADER_BYTES = 64;
const MAGIC = 'FRFEAT16';
const FORMAT_VERSION = 1;
const SHARD_TARGET_BYTES = 256 * 1024 * 1024;

export interface FeatureShape {
  frames: number;
  dim: number;
}

export interface RowAddress {
  shard: number;
  row: number;
}

export class FeatureFileError extends Error {
  override readonly name = 'FeatureFileError';
}

/** `<library>.features/` for `<library>.db`; in-memory libraries have nowhere to keep them. */
export function featuresFolderOf(libraryFile: string): string {
  if (libraryFile === ':memory:' || libraryFile === '') {
    throw new FeatureFileError('An in-memory library has no folder for feature files: open a library file to store features.');
  }
  const parsed = path.parse(path.resolve(libraryFile));
  return path.join(parsed.dir, `${parsed.name}.features`);
}

export function featureSetFolder(libraryFile: string, signature: string): string {
  if (!/^[0-9a-f]{8,128}$/i.test(signature)) throw new FeatureFileError(`"${signature}" is not a feature set signature`);
  return path.join(featuresFolderOf(libraryFile), signature);
}

export function rowBytesOf(shape: FeatureShape): number {
  return shape.frames * shape.dim * 2;
}

export function rowsPerShardOf(shape: FeatureShape): number {
  return Math.max(1, Math.floor(SHARD_TARGET_BYTES / rowBytesOf(shape)));
}

export function shardFile(folder: string, shard: number): string {
  return path.join(folder, `shard-${String(shard).padStart(6, '0')}.f16`);
}

/** The slot after `last` (or the first), moving to the next shard when one is full. */
export function nextAddress(last: RowAddress | undefined, shape: FeatureShape): RowAddress {
  if (!last) return { shard: 0, row: 0 };
  return last.row + 1 < rowsPerShardOf(shape) ? { shard: last.shard, row: last.row + 1 } : { shard: last.shard + 1, row: 0 };
}

function header(shape: FeatureShape, shard: number): Buffer {
  const buffer = Buffer.alloc(SHARD_HEADER_BYTES);
  buffer.write(MAGIC, 0, 'ascii');
  buffer.writeUInt32LE(FORMAT_VERSION, 8);
  buffer.writeUInt32LE(shape.frames, 12);
  buffer.writeUInt32LE(shape.dim, 16);
  buffer.writeUInt32LE(rowsPerShardOf(shape), 20);
  buffer.writeUInt32LE(shard, 24);
  return buffer;
}

function checkHeader(file: string, bytes: Buffer, shape: FeatureShape, shard: number): void {
  if (bytes.length < SHARD_HEADER_BYTES || bytes.toString('ascii', 0, 8) !== MAGIC) throw new FeatureFileError(`${file} is not a Film Room feature file`);
  const version = bytes.readUInt32LE(8);
  if (version !== FORMAT_VERSION) throw new FeatureFileError(`${file} has feature file version ${version}; this Film Room reads ${FORMAT_VERSION}`);
  const frames = bytes.readUInt32LE(12);
  const dim = bytes.readUInt32LE(16);
  if (frames !== shape.frames || dim !== shape.dim || bytes.readUInt32LE(24) !== shard) {
    throw new FeatureFileError(`${file} holds rows of ${frames} × ${dim} (shard ${bytes.readUInt32LE(24)}), expected ${shape.frames} × ${shape.dim} (shard ${shard})`);
  }
}

/**
 * Writes rows at given addresses (positional writes, so a slot left by a crash is simply written
 * again) and makes them durable before returning: callers record the addresses in SQLite only after.
 */
/**
 * The last slot the set's files have room written for, or undefined when there are none: rows are
 * only ever appended after it, so a row a reader has pinned is never overwritten, even after the
 * clip it belonged to was deleted (a partly written row counts as taken).
 */
export function lastWrittenAddress(folder: string, shape: FeatureShape): RowAddress | undefined {
  let shard = -1;
  try {
    for (const name of fs.readdirSync(folder)) {
      const match = /^shard-(\d{6})\.f16$/.exec(name);
      if (match) shard = Math.max(shard, Number(match[1]));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (shard < 0) return undefined;
  const rows = Math.ceil(Math.max(0, fs.statSync(shardFile(folder, shard)).size - SHARD_HEADER_BYTES) / rowBytesOf(shape));
  if (rows > 0) return { shard, row: rows - 1 };
  return shard === 0 ? undefined : { shard: shard - 1, row: rowsPerShardOf(shape) - 1 };
}

/** The later of two addresses (either may be missing). */
export function laterAddress(a: RowAddress | undefined, b: RowAddress | undefined): RowAddress | undefined {
  if (!a || !b) return a ?? b;
  return a.shard > b.shard || (a.shard === b.shard && a.row >= b.row) ? a : b;
}

export class FeatureSetWriter {
  private readonly open = new Map<number, number>();
  private readonly dirty = new Set<number>();
  private readonly rowBytes: number;

  constructor(readonly folder: string, readonly shape: FeatureShape) {
    this.rowBytes = rowBytesOf(shape);
  }

  write(address: RowAddress, values: Float32Array): void {
    if (values.length !== this.shape.frames * this.shape.dim) {
      throw new RangeError(`features hold ${values.length} values, expected ${this.shape.frames} × ${this.shape.dim}`);
    }
    const fd = this.descriptor(address.shard);
    const bytes = encodeHalf(values);
    fs.writeSync(fd, bytes, 0, bytes.length, SHARD_HEADER_BYTES + address.row * this.rowBytes);
    this.dirty.add(address.shard);
  }

  /** fsync every shard written since the last flush. */
  flush(): void {
    for (const shard of this.dirty) fs.fsyncSync(this.open.get(shard)!);
    this.dirty.clear();
  }

  close(): void {
    this.flush();
    for (const fd of this.open.values()) fs.closeSync(fd);
    this.open.clear();
  }

  private descriptor(shard: number): number {
    const known = this.open.get(shard);
    if (known !== undefined) return known;
    const file = shardFile(this.folder, shard);
    fs.mkdirSync(this.folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    let fd: number;
    try {
      fd = fs.openSync(file, 'r+');
      const head = Buffer.alloc(SHARD_HEADER_BYTES);
      fs.readSync(fd, head, 0, SHARD_HEADER_BYTES, 0);
      checkHeader(file, head, this.shape, shard);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // Private whatever the umask: a shard holds features derived from licensed film.
      fd = fs.openSync(file, 'w+', PRIVATE_FILE_MODE);
      fs.fchmodSync(fd, PRIVATE_FILE_MODE);
      fs.writeSync(fd, header(this.shape, shard), 0, SHARD_HEADER_BYTES, 0);
      fs.fsyncSync(fd);
      syncFolder(this.folder);
    }
    this.open.set(shard, fd);
    return fd;
  }
}

/** Reads rows by address without loading a shard whole: one positional read per row. */
export class FeatureSetFileReader {
  private readonly open = new Map<number, number>();
  private readonly rowBytes: number;
  private readonly buffer: Uint8Array;

  constructor(readonly folder: string, readonly shape: FeatureShape) {
    this.rowBytes = rowBytesOf(shape);
    this.buffer = new Uint8Array(this.rowBytes);
  }

  /** One row as float32, into `out` when given (a batch's slice). */
  read(address: RowAddress, out: Float32Array = new Float32Array(this.shape.frames * this.shape.dim)): Float32Array {
    const fd = this.descriptor(address.shard);
    const got = fs.readSync(fd, this.buffer, 0, this.rowBytes, SHARD_HEADER_BYTES + address.row * this.rowBytes);
    if (got !== this.rowBytes) {
      throw new FeatureFileError(`${shardFile(this.folder, address.shard)} ends before row ${address.row}: the feature file is truncated; delete the feature set and extract again`);
    }
    return decodeHalf(this.buffer, out);
  }

  close(): void {
    for (const fd of this.open.values()) fs.closeSync(fd);
    this.open.clear();
  }

  private descriptor(shard: number): number {
    const known = this.open.get(shard);
    if (known !== undefined) return known;
    const file = shardFile(this.folder, shard);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (error) {
      throw new FeatureFileError(`the feature file ${file} cannot be read (${(error as Error).message}): delete the feature set and extract again`);
    }
    const head = Buffer.alloc(SHARD_HEADER_BYTES);
    fs.readSync(fd, head, 0, SHARD_HEADER_BYTES, 0);
    try {
      checkHeader(file, head, this.shape, shard);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    this.open.set(shard, fd);
    return fd;
  }
}

/** Makes a new file's name durable (a no-op where folders cannot be opened, as on Windows). */
function syncFolder(folder: string): void {
  try {
    const fd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows: directories cannot be fsynced; NTFS journals the rename.
  }
}

/** Removes a feature set's files: the one step that frees its space. */
export function removeFeatureSetFolder(libraryFile: string, signature: string): void {
  fs.rmSync(featureSetFolder(libraryFile, signature), { recursive: true, force: true });
}

/** Bytes of a feature set's files on disk. */
export function featureSetBytes(libraryFile: string, signature: string): number {
  const folder = featureSetFolder(libraryFile, signature);
  if (!fs.existsSync(folder)) return 0;
  return fs.readdirSync(folder).reduce((sum, name) => sum + fs.statSync(path.join(folder, name)).size, 0);
}
