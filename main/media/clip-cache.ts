import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from '../system/private-files.js';

/**
 * The on-disk cache of clips beside the library: one raw file per clip (T×S×S×3 RGB bytes, frame
 * after frame), named by the game's content hash and the play's times so it survives re-imports.
 * Raw bytes because the feature engine reads every clip back and must not pay to decode it again.
 */
export class ClipCache {
  constructor(readonly root: string) {}

  /** `<library>.clips/` for `<library>.db`. */
  static besideLibrary(libraryPath: string): ClipCache {
    const parsed = path.parse(path.resolve(libraryPath));
    return new ClipCache(path.join(parsed.dir, `${parsed.name}.clips`));
  }

  relativePath(gameHash: string, startS: number, endS: number, frames: number, size: number): string {
    const ms = (s: number) => Math.round(s * 1000).toString().padStart(8, '0');
    return path.join(gameHash.slice(0, 2), gameHash, `${ms(startS)}-${ms(endS)}-T${frames}-S${size}.rgb`);
  }

  /** Writes a clip whole or not at all (temp file, fsync, rename) and returns its checksum. */
  async write(relativePath: string, rgb: Uint8Array): Promise<{ path: string; sha256: string }> {
    const target = path.join(this.root, relativePath);
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_FOLDER_MODE });
    const temp = `${target}.partial-${process.pid}`;
    const file = await fs.promises.open(temp, 'w', PRIVATE_FILE_MODE);
    try {
      await file.writeFile(rgb);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.promises.rename(temp, target);
    return { path: relativePath, sha256: createHash('sha256').update(rgb).digest('hex') };
  }

  absolutePath(relativePath: string): string {
    return path.join(this.root, relativePath);
  }

  read(relativePath: string): Uint8Array {
    return new Uint8Array(fs.readFileSync(path.join(this.root, relativePath)));
  }

  async readAsync(relativePath: string): Promise<Uint8Array> {
    return new Uint8Array(await fs.promises.readFile(path.join(this.root, relativePath)));
  }
}
