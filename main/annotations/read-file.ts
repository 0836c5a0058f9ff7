/**
 * Reads an annotation file from disk and hands it to the reader for its extension. Whatever is
 * wrong with the file itself (missing, unreadable, too big, not UTF-8, unknown format) comes back
 * as one file-level error, never as an exception: an import reports it and goes on.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { readCsvAnnotations } from './csv-read.js';
import { readJsonAnnotations } from './json-read.js';
import { readSportscodeXml } from './sportscode-read.js';
import type { PlayTypeResolver, ReadResult } from './types.js';

/** Real annotation files are kilobytes; this keeps a stray video or dump out of memory. */
export const MAX_ANNOTATION_BYTES = 64 * 1024 * 1024;

const READERS: Readonly<Record<string, (file: string, text: string, resolve: PlayTypeResolver) => ReadResult>> = {
  '.csv': readCsvAnnotations,
  '.json': readJsonAnnotations,
  '.xml': readSportscodeXml,
};

export async function readAnnotationFile(file: string, resolve: PlayTypeResolver): Promise<ReadResult> {
  const fileError = (reason: string): ReadResult => ({ rows: [], errors: [{ file, line: null, reason }], skipped: {} });
  const extension = path.extname(file).toLowerCase();
  const reader = Object.hasOwn(READERS, extension) ? READERS[extension] : undefined;
  if (!reader) return fileError(`not an annotation file: expected .csv, .json or .xml, got "${extension || 'no extension'}"`);
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
  const text = decodeUtf8(bytes);
  return text === null ? fileError('not UTF-8 text: save it as UTF-8 (with or without BOM) and import it again') : reader(file, text, resolve);
}

/** The text, without a BOM; null when the bytes are not UTF-8 text. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  // UTF-16 without a BOM is valid UTF-8 when its text is ASCII, with a NUL beside every letter:
  // its header ("g\0a\0…" or "\0g\0a…") gives it away. (With a BOM it fails below: FF and FE
  // never occur in UTF-8.) A NUL further on is data, and is kept.
  if (bytes[0] === 0 || bytes[1] === 0) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function describeIoError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'not a file';
    default: return error.message;
  }
}
