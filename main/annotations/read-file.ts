/**
 * Reads an annotation file and hands its text to the reader for its extension. Whatever is wrong
 * with the file itself (missing, unreadable, too big, not text, unknown format) comes back as one
 * file-level error, never as an exception: an import reports it and goes on.
 *
 * `readAnnotationBytes` is the pure part (bytes in, rows and issues out), so it can run wherever
 * the bytes are; `readAnnotationFile` only adds the disk.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { readCsvAnnotations } from './csv-read.js';
import { decodeAnnotationText } from './decode-text.js';
import { readJsonAnnotations } from './json-read.js';
import { readSportscodeXml } from './sportscode-read.js';
import { readSportscodeText } from './sportscode-text-read.js';
import type { PlayTypeResolver, ReadResult } from './types.js';

/** Real annotation files are kilobytes; this keeps a stray video or dump out of memory. */
export const MAX_ANNOTATION_BYTES = 64 * 1024 * 1024;

const READERS: Readonly<Record<string, (file: string, text: string, resolve: PlayTypeResolver) => ReadResult>> = {
  '.csv': readCsvAnnotations,
  '.json': readJsonAnnotations,
  '.xml': readSportscodeXml,
  '.txt': readSportscodeText,
};

const EXPECTED = 'expected .csv, .json, .xml (Sportscode edit list) or .txt (Sportscode text edit list)';

export async function readAnnotationFile(file: string, resolve: PlayTypeResolver): Promise<ReadResult> {
  const fileError = (reason: string): ReadResult => ({ rows: [], errors: [{ file, line: null, reason }], skipped: {} });
  const unknown = unknownFormat(file);
  if (unknown) return fileError(unknown);
  let bytes: Buffer;
  try {
    // The size is checked before a byte is read, so a huge file costs nothing.
    const stat = await fs.stat(file);
    if (!stat.isFile()) return fileError('cannot read it: not a file');
    if (stat.size > MAX_ANNOTATION_BYTES) return fileError(`too large to be an annotation file: ${stat.size} bytes, over the 64 MiB limit`);
    bytes = await fs.readFile(file);
  } catch (error) {
    return fileError(`cannot read it: ${describeIoError(error as NodeJS.ErrnoException)}`);
  }
  return readAnnotationBytes(file, bytes, resolve);
}

/** The rows of an annotation file's bytes; `file` names it in messages and picks the reader. */
export function readAnnotationBytes(file: string, bytes: Uint8Array, resolve: PlayTypeResolver): ReadResult {
  const fileError = (reason: string): ReadResult => ({ rows: [], errors: [{ file, line: null, reason }], skipped: {} });
  const unknown = unknownFormat(file);
  if (unknown) return fileError(unknown);
  if (bytes.length > MAX_ANNOTATION_BYTES) return fileError(`too large to be an annotation file: ${bytes.length} bytes, over the 64 MiB limit`);
  const extension = path.extname(file).toLowerCase();
  const decoded = decodeAnnotationText(bytes, { xml: extension === '.xml' });
  if (!decoded.ok) return fileError(decoded.reason);
  return READERS[extension]!(file, decoded.text, resolve);
}

function unknownFormat(file: string): string | null {
  const extension = path.extname(file).toLowerCase();
  return Object.hasOwn(READERS, extension) ? null : `not an annotation file: ${EXPECTED}, got "${extension || 'no extension'}"`;
}

/** The text, without a BOM, of UTF-8 or UTF-16 (with a BOM, or without one told by its NULs); null when the bytes are not text. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  const decoded = decodeAnnotationText(bytes);
  return decoded.ok ? decoded.text : null;
}

function describeIoError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'not a file';
    default: return error.message;
  }
}
