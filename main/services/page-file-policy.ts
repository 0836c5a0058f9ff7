import fs from 'node:fs';
import path from 'node:path';
import { ANNOTATION_EXTENSIONS, VIDEO_EXTENSIONS } from '../../shared/media-files.js';
import { ValidationError } from '../../shared/errors.js';
import { PRIVATE_FOLDER_MODE } from '../system/private-files.js';

/**
 * Which files a page (browser mode, or the desktop window) may have Film Room write or read. A page
 * is less trusted than the person at the command line: whoever learned browser mode's token could
 * otherwise overwrite any file the user can write. So, for pages:
 * - exports go inside the library's reports folder (`<library>.reports/`), or to a file the user
 *   chose in the system's save dialog (the desktop app), and no folder is created elsewhere;
 * - imports name an absolute path of a folder, or a video or annotation file, that exists.
 * Refusals read the same whether or not the path exists, so a page cannot probe the disk with them.
 * The command line (`confined: false`) writes where it is told, as any command does.
 */
export class PageFilePolicy {
  /** Files the user chose in the system's save dialog this session: exports may replace them. */
  private readonly chosen = new Set<string>();

  constructor(
    private readonly libraryPath: string,
    readonly confined: boolean,
  ) {}

  get reportsFolder(): string {
    const parsed = path.parse(path.resolve(this.libraryPath));
    return path.join(parsed.dir, `${parsed.name}.reports`);
  }

  /** Records a file the user picked in the app's own save dialog. */
  grant(file: string): void {
    this.chosen.add(path.resolve(file));
  }

  /**
   * Where an export asked for as `out` goes (a name or path inside the reports folder, or a chosen
   * file); creates the reports folder (private) when it is missing, and nothing outside it.
   */
  async exportTarget(out: string | undefined, defaultName: string): Promise<string> {
    if (!this.confined) {
      if (out !== undefined && !path.isAbsolute(out)) throw new ValidationError(`Give the full path of the file to write (it is on the machine Film Room runs on), not "${out}".`);
      return out ?? path.join(this.reportsFolder, defaultName);
    }
    if (out !== undefined && path.isAbsolute(out) && this.chosen.has(path.resolve(out))) {
      // The dialog showed an existing folder; were it gone since, it is not recreated from here.
      if (!isDirectory(path.dirname(path.resolve(out)))) throw this.outsideReports();
      return path.resolve(out);
    }
    const root = this.reportsFolder;
    const target = path.resolve(root, out ?? defaultName);
    const relative = path.relative(root, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) throw this.outsideReports();
    await fs.promises.mkdir(root, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    // A link inside the folder must not lead the write outside it.
    const realRoot = await fs.promises.realpath(root);
    const existing = await deepestExisting(path.dirname(target), root);
    const realExisting = await fs.promises.realpath(existing);
    if (realExisting !== realRoot && !realExisting.startsWith(realRoot + path.sep)) throw this.outsideReports();
    if (isSymlink(target)) throw this.outsideReports();
    return target;
  }

  /** Refuses an import target a page may not use, in words that do not say whether it exists. */
  async checkImportTarget(target: string): Promise<void> {
    if (!this.confined) return;
    if (!path.isAbsolute(target)) {
      throw new ValidationError(`Give the full path of the season folder or file to import (on the machine Film Room runs on), not "${target}".`);
    }
    const refused = new ValidationError(
      `Film Room cannot import "${target}": give the full path of a season folder, or of a video or annotation file (${[...ANNOTATION_EXTENSIONS].join(', ')}), that exists and that you may read.`,
    );
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(target);
      if (stat.isDirectory()) await fs.promises.access(target, fs.constants.R_OK | fs.constants.X_OK);
      else await fs.promises.access(target, fs.constants.R_OK);
    } catch {
      throw refused;
    }
    const extension = path.extname(target).toLowerCase();
    if (stat.isDirectory()) return;
    if (stat.isFile() && (VIDEO_EXTENSIONS.has(extension) || ANNOTATION_EXTENSIONS.has(extension))) return;
    throw refused;
  }

  private outsideReports(): ValidationError {
    return new ValidationError(
      `Exports from the app are written inside the library’s reports folder (${this.reportsFolder}): give a file name there, ` +
        'or choose another place with “Save as…” in the desktop app. In a browser, the download link saves a copy anywhere.',
    );
  }
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `folder` or its nearest ancestor that exists, never above `root` (which exists). */
async function deepestExisting(folder: string, root: string): Promise<string> {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    try {
      await fs.promises.lstat(dir);
      return dir;
    } catch {
      if (dir === root || path.dirname(dir) === dir) return root;
    }
  }
}
