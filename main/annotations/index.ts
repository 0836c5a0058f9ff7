/** Annotation files: readers (CSV, JSON, Sportscode XML) that report bad rows, and writers. */
export { readAnnotationFile, decodeUtf8, MAX_ANNOTATION_BYTES } from './read-file.js';
export { readCsvAnnotations } from './csv-read.js';
export { readJsonAnnotations } from './json-read.js';
export { readSportscodeXml, type SportscodeReadResult } from './sportscode-read.js';
export { writeAnnotationsCsv, type CsvWriteOptions } from './csv-write.js';
export { writeAnnotationsJson } from './json-write.js';
export { writeSportscodeXml, type SportscodeWriteOptions } from './sportscode-write.js';
export { parseTime, formatSeconds } from './time.js';
export { createAnnotationResolver, type KnownPlayTypeResolver } from './resolver.js';
export type { Delimiter } from './csv-records.js';
export type * from './types.js';
