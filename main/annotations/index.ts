/** Annotation files: readers (CSV, JSON, Sportscode XML and text edit lists) that report bad rows, and writers. */
export { readAnnotationFile, readAnnotationBytes, decodeUtf8, MAX_ANNOTATION_BYTES } from './read-file.js';
export { decodeAnnotationText, type DecodedText } from './decode-text.js';
export { readCsvAnnotations } from './csv-read.js';
export { readJsonAnnotations } from './json-read.js';
export { readSportscodeXml, type SportscodeReadResult } from './sportscode-read.js';
export { readSportscodeText } from './sportscode-text-read.js';
export { writeAnnotationsCsv, type CsvWriteOptions } from './csv-write.js';
export { writeAnnotationsJson } from './json-write.js';
export { writeSportscodeXml, type SportscodeWriteOptions } from './sportscode-write.js';
export { parseTime, parseHundredthsTimecode, formatSeconds } from './time.js';
export { createAnnotationResolver, type KnownPlayTypeResolver } from './resolver.js';
export type { Delimiter } from './csv-records.js';
export type * from './types.js';
