import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from '../system/private-files.js';
import { DEFAULT_CLIP_ENCODING, decodeClipFile, decodeClipFileSync, encodeClip, type ClipEncoding, type ClipShape } from './clip-codec.js';

/**
 * The on-disk cache of clips beside the library, named by the game's content hash and the play's
 * times so it survives re-imports. New clips are short H.264 files (`.mp4`, tens of kilobytes at
 * 224 px); libraries written before keep their raw files (`.rgb`: T×S×S×3 RGB bytes, frame after
 * frame, megabytes each), which are read as they are. Readers get RGB bytes either way.
 */
export class ClipCache {
  constructor(
    readonly root: string,
    readonly encoding: ClipEncoding = DEFAULT_CLIP_ENCODING,
  ) {}

  /** `<library>.clips/` for `<library>.db`. */
  static besideLibrary(libraryPath: string, encoding?: ClipEncoding): ClipCache {
    const parsed = path.parse(path.resolve(libraryPath));
    return new ClipCache(path.join(parsed.dir, `${parsed.name}.clips`), encoding);
  }

  relativePath(gameHash: string, startS: number, endS: number, frames: number, size: number): string {
    const ms = (s: number) => Math.round(s * 1000).toString().padStart(8, '0');
    return path.join(gameHash.slice(0, 2), gameHash, `${ms(startS)}-${ms(endS)}-T${frames}-S${size}.mp4`);
  }

  /**
   * Writes a clip whole or not at all (temp file, fsync, rename) and returns the checksum of the
   * stored file. `.mp4` paths are encoded (and need the clip's shape); `.rgb` paths keep raw bytes.
   */
  async write(relativePath: string, rgb: Uint8Array, shape?: ClipShape): Promise<{ path: string; sha256: string; bytes: number }> {
    let stored: Uint8Array = rgb;
    if (isEncoded(relativePath)) {
      if (!shape) throw new RangeError(`writing ${relativePath} needs the clip's frames and size`);
      stored = await encodeClip(rgb, shape, this.encoding);
    }
    const target = path.join(this.root, relativePath);
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_FOLDER_MODE });
    const temp = `${target}.partial-${process.pid}`;
    const file = await fs.promises.open(temp, 'w', PRIVATE_FILE_MODE);
    try {
      await file.chmod(PRIVATE_FILE_MODE); // whatever the umask; the rename keeps the mode
      await file.writeFile(stored);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.promises.rename(temp, target);
    return { path: relativePath, sha256: createHash('sha256').update(stored).digest('hex'), bytes: stored.length };
  }

  absolutePath(relativePath: string): string {
    return path.join(this.root, relativePath);
  }

  /** The clip's frames as T×S×S×3 RGB bytes. */
  read(relativePath: string): Uint8Array {
    const file = path.join(this.root, relativePath);
    if (isEncoded(relativePath)) return decodeClipFileSync(file);
    return new Uint8Array(fs.readFileSync(file));
  }

  async readAsync(relativePath: string): Promise<Uint8Array> {
    const file = path.join(this.root, relativePath);
    if (isEncoded(relativePath)) {
      await fs.promises.access(file, fs.constants.R_OK); // a missing file says so, not "ffmpeg failed"
      return decodeClipFile(file);
    }
    return new Uint8Array(await fs.promises.readFile(file));
  }
}

function isEncoded(relativePath: string): boolean {
  return relativePath.endsWith('.mp4');
}
